"""Reports as a supervising office receives them by mail and in chats: a saved e-mail message (.eml) read where
its report is — its attachment, else its body, encoded as mail clients encode them — and a chat's or a reply's
marks taken off the report's lines (a fresh user's mails and chats)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

import ogi
from ogi.errors import InputError
from ogi.ingest import detect
from ogi.samples.variants import variant


@pytest.mark.parametrize("seed", [0, 1, 2])  # the page as a quoted-printable body; a Word file; a quoting reply
def test_a_mailed_report_is_read_where_it_is(seed: int) -> None:
    v = variant("plain", "eml", seed)
    assert detect(v.data) == "mail"
    r = ogi.read(v.data)
    assert r.agency == v.truth["agency"][0] and r.year == v.truth["year"]
    assert {k: r.cells.get(k) for k in v.truth["cells"]} == v.truth["cells"]
    assert not [f for f in r.findings if f.severity in ("error", "warning")]


def _mail(*attachments: tuple[str, bytes], body: str = "请查收。") -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@example.gov.cn", "b@example.gov.cn", "年度报告"
    msg.set_content(body)
    for name, data in attachments:
        sub = "vnd.openxmlformats-officedocument.wordprocessingml.document"
        msg.add_attachment(data, "application", sub, filename=name)
    return bytes(msg)


def test_a_mail_with_two_reports_reads_the_first_and_says_the_other() -> None:
    a, b = variant("plain", "docx", 3), variant("plain", "docx", 4)
    r = ogi.read(_mail(("甲局.docx", a.data), ("乙局.docx", b.data)))
    assert r.agency == a.truth["agency"][0]
    assert any("乙局.docx" in f.message for f in r.findings if f.rule == "input.partial")


def test_a_report_forwarded_as_an_attachment_is_its_body() -> None:
    inner = variant("plain", "eml", 0).data  # its page as its body
    outer = EmailMessage()
    outer["From"], outer["Subject"] = "c@example.gov.cn", "转发：年度报告"
    outer.set_content("转发给你。")
    from email import message_from_bytes, policy

    outer.add_attachment(message_from_bytes(inner, policy=policy.default))
    r = ogi.read(bytes(outer))
    assert r.agency is not None and not [f for f in r.findings if f.rule == "cells.missing"]


def test_a_mail_with_nothing_to_read_is_said_so() -> None:
    msg = EmailMessage()
    msg["From"], msg["Subject"] = "a@example.gov.cn", "图片"
    msg.add_attachment(b"\x89PNG\r\n\x1a\n" + b"0" * 64, "image", "png", filename="a.png")
    with pytest.raises(InputError, match="邮件中没有可读取的正文或附件"):
        ogi.read(bytes(msg))


def test_a_chats_message_heads_are_no_text_of_the_report() -> None:
    """A report copied out of a chat, a message's time and sender before its first line (a row of values, a
    heading): the report's lines as printed."""
    text = variant("plain", "tabs", 5).data.decode("utf-8")
    lines = text.split("\n")
    heads = ["[2024-01-18 16:21:40] 钱七：", "张三 2024/1/15 10:23:45："]
    # (each message opens at a heading or a row: 三、收到和处理… ; 0\t0\t1 … ; 第二十条…)
    opens = [i for i, ln in enumerate(lines) if ln[:2] in ("三、", "五、") or ln[:1].isdigit() or ln[:3] == "第二十"]
    chat = "\n".join(f"{heads[i % 2]}{ln}" if i in opens else ln for i, ln in enumerate(lines))
    plain, chatted = ogi.read(text), ogi.read(chat)
    assert chatted.cells == plain.cells and chatted.agency == plain.agency
    assert set(chatted.sections) == set(plain.sections)
