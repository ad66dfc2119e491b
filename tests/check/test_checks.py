"""Each single-report rule fires on the problem it names, with a clerk's message, and only then."""

from __future__ import annotations

import ogi
from ogi.samples import generate, print_report


def base(seed: int = 11, style: str = "pipe", **kw: object) -> tuple[object, str]:
    rep = generate(seed, tid="2021", scale=20, **kw)  # type: ignore[arg-type]
    return rep, print_report(rep, style)


def rules(text: str, severity: tuple[str, ...] = ("error", "warning")) -> set[str]:
    return {f.rule for f in ogi.read(text).findings if f.severity in severity}


def test_clean_report_has_no_findings() -> None:
    _, text = base()
    assert rules(text) == set()


def test_blank_dash_and_slash_cells_read_as_zero_and_flagged() -> None:
    _, text = base(seed=12)
    lines = text.split("\n")
    i = next(i for i, ln in enumerate(lines) if "4.保护第三方合法权益" in ln)
    cells = lines[i].split(" | ")
    at = cells.index("4.保护第三方合法权益") + 1
    cells[at], cells[at + 1] = "/", ""  # natural and corp
    lines[i] = " | ".join(cells)
    r = ogi.read("\n".join(lines))
    blank = [f for f in r.findings if f.rule == "cells.blank"]
    assert blank and set(blank[0].keys) == {"t3.denied.third_party.natural", "t3.denied.third_party.corp"}
    assert r.cells["t3.denied.third_party.natural"] == 0
    assert "按0读取" in blank[0].message and "保护第三方合法权益" in blank[0].message


def test_missing_rows_are_stated_and_inferred_separately() -> None:
    rep, text = base(seed=13)
    cut = text.index("(七)总计")
    text = text[:cut] + text[text.index("四、政府信息公开行政复议") :]
    r = ogi.read(text)
    assert r.cells["t3.total.total"] is None and r.cells["t3.carried_out.natural"] is None
    assert {f.rule for f in r.findings if f.severity == "error"} == {"cells.missing"}
    # the rules determine the missing values: offered apart from the cells
    assert r.inferred["t3.total.total"] == rep.cells["t3.total.total"]
    assert r.inferred["t3.carried_out.total"] == rep.cells["t3.carried_out.total"]


def test_balance_message_names_column_and_figures() -> None:
    rep = generate(14, tid="2021", scale=20)
    rep.cells["t3.carried_out.natural"] += 1
    rep.cells["t3.carried_out.total"] += 1
    r = ogi.read(print_report(rep, "tabs"))
    bal = [f for f in r.findings if f.rule == "t3.balance"]
    assert len(bal) == 2  # the 自然人 and 总计 columns
    assert any("「自然人」列" in f.message and "勾稽关系不成立" in f.message for f in bal)
    assert all(f.severity == "error" and f.where for f in bal)


def test_invalid_counts() -> None:
    rep, text = base(seed=15)
    issued = rep.cells["t2.rules.issued"]
    r = ogi.read(text.replace(f"规章 | {issued} | ", "规章 | -3 | ", 1))
    bad = [f for f in r.findings if f.rule == "cells.invalid"]
    assert r.cells["t2.rules.issued"] == -3
    assert bad and bad[0].keys == ["t2.rules.issued"] and bad[0].severity == "error"


def test_duplicate_table_with_different_values_is_an_error() -> None:
    rep, text = base(seed=16)
    block_start = text.index("第二十条第(一)项")
    block = text[block_start : text.index("第二十条第(五)项")]
    changed = block.replace("行政规范性文件 | ", "行政规范性文件 | 9999", 1)
    text = text.replace(block, block + changed, 1)
    r = ogi.read(text)
    dup = [f for f in r.findings if f.rule == "table.duplicate"]
    assert dup and dup[0].severity == "error" and "不一致" in dup[0].message
    assert r.cells["t2.normative.issued"] == rep.cells["t2.normative.issued"]  # the first copy is kept
    # in a line: which rows, how many values differ; the cells that differ and their two copies in the values
    assert dup[0].message == "表二中2行重复出现，前后有1个数值不一致"
    assert dup[0].values["differ"] == ["t2.normative.issued"]
    issued = rep.cells["t2.normative.issued"]
    assert dup[0].values["t2.normative.issued"] == [issued, int(f"9999{issued}")]
    assert dup[0].values["rows"] == ["表二「第二十条第(一)项规章」", "表二「第二十条第(一)项行政规范性文件」"]


def test_a_table_or_row_printed_twice_is_said_in_one_short_sentence() -> None:
    """A clerk reads which table (or row) was printed twice and whether the copies agree, in a line
    (table 3 twice was said by naming its 25 rows, 600 characters); the rows and both copies of each
    cell are the finding's values."""
    rep = generate(7, tid="2021", scale=20)
    rep.layout.twice = ("t3",)
    [f] = [f for f in ogi.read(print_report(rep, "pipe")).findings if f.rule == "table.duplicate"]
    assert (f.severity, f.message) == ("warning", "表三重复出现，前后数值一致")
    assert len(f.values["rows"]) == 25 and f.values["rows"][0] == "表三「一、本年新收政府信息公开申请数量」"
    assert f.values["differ"] == [] and f.values["t3.new.total"] == [rep.cells["t3.new.total"]] * 2
    _, text = base(seed=16)
    line = next(ln for ln in text.splitlines() if ln.startswith("行政规范性文件 | "))
    [f] = [f for f in ogi.read(text.replace(line, f"{line}\n{line}", 1)).findings if f.rule == "table.duplicate"]
    assert (f.severity, f.message) == ("warning", "表二「第二十条第(一)项行政规范性文件」重复出现，前后数值一致")


def test_section_missing_and_empty_five() -> None:
    _, text = base(seed=17)
    start = text.index("五、存在的主要问题及改进情况")
    end = text.index("六、其他需要报告的事项")
    # a bare 无 in 五 is 五 missing (TEMPLATE.md: "五 is not empty or a bare 无"), not 五 incomplete
    found = rules(text[:start] + "五、存在的主要问题及改进情况\n无。\n" + text[end:])
    assert "section.missing" in found and "section.incomplete" not in found
    r = ogi.read(text[:start] + text[end:])
    msgs = [f.message for f in r.findings if f.rule == "section.missing"]
    assert msgs and "存在的主要问题及改进情况" in msgs[0]
    assert all(f.severity != "error" for f in r.findings if f.rule == "section.missing")


def test_year_mismatch() -> None:
    rep, text = base(seed=18)
    other = rep.year - 1
    text = text.replace(f"自{rep.year}年1月1日", f"自{other}年1月1日", 1)
    r = ogi.read(text)
    ym = [f for f in r.findings if f.rule == "year.mismatch"]
    assert ym and str(other) in ym[0].message and r.year == rep.year


def test_figures_about_other_things_are_not_compared() -> None:
    rep = generate(19, tid="2021", scale=0)
    text = print_report(rep, "pipe").replace(
        "未收到政府信息公开申请。",
        "未收到政府信息公开申请。全年发布信息67条，编印公报4期，累计发放3200余册，办理群众来信80件，"
        "依据《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》(国办函〔2020〕109号)。"
        f"{rep.year + 1}年计划办理政策解读30件。",
    )
    assert "narrative.mismatch" not in rules(text)


def test_negative_statements_are_compared() -> None:
    rep = generate(20, tid="2021", scale=20)
    assert rep.cells["t3.new.total"] > 0
    text = print_report(rep, "pipe")
    start = text.index(f"{rep.year}年，{rep.agency}共收到")
    end = text.index("。", start) + 1
    r = ogi.read(text[:start] + "本年度未收到政府信息公开申请。" + text[end:])
    nm = [f for f in r.findings if f.rule == "narrative.mismatch"]
    assert nm and nm[0].keys == ["t3.new.total"] and "未收到" in nm[0].message


def test_section_headings_in_other_wordings() -> None:
    _, text = base(seed=21)
    nums = "一二三四五六"
    for n in nums:
        text = text.replace(f"\n{n}、", f"\n第{n}部分 ", 1)
    r = ogi.read(text)
    assert all(r.sections[n] for n in "一五六")
    assert not [f for f in r.findings if f.severity in ("error", "warning")]


def test_section_headings_whose_mark_was_lost() -> None:
    """A scan's OCR drops the 、 of a heading (三 收到和处理…): the numeral and a space before the
    section's title is the heading; a sentence opening with a numeral and a space (一 是…) is not."""
    _, text = base(seed=23)
    lines = text.split("\n")
    for n in "一二三四五六":  # each section's heading line (not a table's row 四、结转…)
        i = next(i for i, ln in enumerate(lines) if ln.startswith(f"{n}、") and "|" not in ln)
        lines[i] = lines[i].replace("、", " ", 1)
    r = ogi.read("\n".join(lines))
    assert all(r.sections[n] for n in "一二三四五六")
    assert not [f for f in r.findings if f.severity in ("error", "warning")]
    _, text = base(seed=23)
    text = text.replace("\n四、", "\n一 是依法办理行政复议案件。\n四、", 1)
    r = ogi.read(text)
    assert r.sections["四"] and not [f for f in r.findings if f.severity in ("error", "warning")]


def test_a_sentence_above_table_4_is_checked_too() -> None:
    # section 四 saying its figures in a sentence of its own before its table
    rep, text = base(seed=23)
    heading = "四、政府信息公开行政复议、行政诉讼情况"
    n = int(rep.cells["t4.review.total"])
    said = f"{heading}\n本年度发生政府信息公开行政复议{n}件。"
    assert "narrative.mismatch" not in rules(text.replace(heading, said))
    wrong = f"{heading}\n本年度发生政府信息公开行政复议{n + 2}件。"
    assert "narrative.mismatch" in rules(text.replace(heading, wrong))


def _with_sentence(rep: object, sentence: str) -> str:
    """The report's text with ``sentence`` in place of its first sentence on the applications received."""
    text = print_report(rep, "pipe")  # type: ignore[arg-type]
    start = text.index(f"{rep.year}年，{rep.agency}共收到")  # type: ignore[attr-defined]
    end = text.index("。", start) + 1
    return text[:start] + sentence + text[end:]


def test_prose_that_agrees_with_the_tables_in_other_wordings_draws_no_warning() -> None:
    """Sentences agreeing with the tables, worded as reports word them: received counting those carried in
    (with a note saying so), last year's figures (上年…, 去年…), 予以公开 including 部分公开, a change
    (增加N件), a figure whose words after it say what it counts, a part under 其中 — no narrative.mismatch.
    The control: the same wordings stating a wrong figure of this year are warned of."""
    rep = generate(23, tid="2021", scale=20)
    c = rep.cells
    new, carried, granted, partial = (
        c["t3.new.total"],
        c["t3.carried_in.total"],
        c["t3.granted.total"],
        c["t3.partial.total"],
    )
    assert new > 2 and carried > 0 and partial > 0
    agreeing = [
        f"全年共收到政府信息公开申请{new + carried}件（含上年结转{carried}件）。",
        f"上年收到申请{new + 7}件、办结{new + 5}件，本年收到{new}件。",
        f"去年共收到政府信息公开申请{new + 9}件。",
        f"全年共收到政府信息公开申请{new}件，予以公开（含部分公开）{granted + partial}件。",
        f"全年共收到政府信息公开申请{new}件，与上年相比，收到申请数增加3件。",
        f"全年共收到政府信息公开申请{new}件，答复文书说理有待加强，1件行政复议被纠错。",
        f"全年共收到政府信息公开申请{new}件，其中12月受理的申请2件已列入结转。",
        f"全年共收到政府信息公开申请{new}件，公开和部分公开共{granted + partial}件。",
    ]
    for sentence in agreeing:
        assert "narrative.mismatch" not in rules(_with_sentence(rep, sentence)), sentence
    wrong = [
        f"全年共收到政府信息公开申请{new + carried + 1}件（含上年结转{carried}件）。",
        f"本年收到申请{new + 4}件。",
        f"全年共收到政府信息公开申请{new}件，予以公开（含部分公开）{granted + partial + 2}件。",
    ]
    for sentence in wrong:
        assert "narrative.mismatch" in rules(_with_sentence(rep, sentence)), sentence


def test_corrections_the_prose_states_are_compared_with_table_4() -> None:
    """被纠错N件 is table 4's 结果纠正 of the reviews (败诉N件 of the suits): a figure that disagrees is warned of,
    one that agrees is not, a denial is no figure."""
    rep = generate(24, tid="2021", scale=20)
    c = rep.cells
    c["t4.review.upheld"], c["t4.review.corrected"], c["t4.review.other"], c["t4.review.pending"] = 2, 1, 0, 0
    c["t4.review.total"] = 3
    right = f"全年共收到政府信息公开申请{c['t3.new.total']}件。发生行政复议案件3件，其中被复议机关纠错1件。"
    wrong = f"全年共收到政府信息公开申请{c['t3.new.total']}件。发生行政复议案件3件，其中被复议机关纠错2件。"
    assert "narrative.mismatch" not in rules(_with_sentence(rep, right))
    found = [f for f in ogi.read(_with_sentence(rep, wrong)).findings if f.rule == "narrative.mismatch"]
    assert found and found[0].keys == ["t4.review.corrected"]


def test_a_figure_whose_words_after_it_name_an_outcome_counts_those_cases() -> None:
    """其中行政复议N件维持原决定 (行政复议N件结果维持) counts the reviews upheld, a part of the cases: no
    narrative.mismatch against table 4's 行政复议 总计 (it was one). The control: 行政复议N件 with a wrong N
    and no outcome after it is warned of."""
    rep = generate(24, tid="2021", scale=20)
    c = rep.cells
    c["t4.review.upheld"], c["t4.review.corrected"], c["t4.review.other"], c["t4.review.pending"] = 2, 1, 0, 0
    c["t4.review.total"] = 3
    lead = f"全年共收到政府信息公开申请{c['t3.new.total']}件。"
    parts = ("共发生政府信息公开行政复议3件，其中行政复议2件维持原决定。", "发生行政复议3件，行政复议2件结果维持。")
    for said in parts:
        assert "narrative.mismatch" not in rules(_with_sentence(rep, lead + said)), said
    assert "narrative.mismatch" in rules(_with_sentence(rep, lead + "共发生政府信息公开行政复议2件。"))


def test_a_table_not_printed_is_one_finding() -> None:
    """Table 4 not printed at all (section 四 says 无): one cells.missing saying the table was not found, with
    all its cells — not one a group of rows repeating the same sentence."""
    rep, text = base()
    start = text.index("四、政府信息公开行政复议")
    end = text.index("五、存在的主要问题")
    r = ogi.read(text[:start] + "四、政府信息公开行政复议、行政诉讼情况\n无。\n" + text[end:])
    missing = [f for f in r.findings if f.rule == "cells.missing"]
    assert len(missing) == 1 and "未找到" in missing[0].message
    assert sorted(missing[0].keys) == sorted(k for k in rep.cells if k.startswith("t4."))


def test_approximations_parts_and_outcomes_are_no_table_totals() -> None:
    """An approximation (140余件, 20多件, 近25件, 约30件, 25件左右), an applicant's kind said in prose's own word
    (企业申请3件: 商业企业's, not all the applications), a suit's outcome (一审判决驳回原告诉讼请求1件) and 未经复议
    (no denial: 未经复议直接起诉的行政诉讼1件) draw no narrative.mismatch (each drew one). A bare denial in
    section 四, with no 件 (全年未发生行政诉讼。), is held against table 4 (it was not read at all)."""
    rep = generate(24, tid="2021", scale=20)
    c = rep.cells
    c["t4.suit_direct.upheld"], c["t4.suit_direct.corrected"], c["t4.suit_direct.other"] = 1, 0, 0
    c["t4.suit_direct.pending"], c["t4.suit_direct.total"] = 0, 1
    for k in ("upheld", "corrected", "other", "pending", "total"):
        c[f"t4.suit_after_review.{k}"] = 1 if k in ("pending", "total") else 0
    new, corp = c["t3.new.total"], c["t3.new.corp"]
    lead = f"全年共收到政府信息公开申请{new}件。"
    agreeing = [
        f"全年共收到政府信息公开申请{new + 7}余件。",
        f"全年共收到政府信息公开申请{new + 7}多件。",
        f"全年共收到政府信息公开申请近{new + 2}件。",
        f"全年共收到政府信息公开申请约{new + 3}件。",
        f"全年共收到政府信息公开申请{new + 3}件左右。",
        lead + f"收到的申请中，企业申请{corp + 5}件。",
        lead + "一审判决驳回原告诉讼请求1件。",
        lead + "未经复议直接起诉的行政诉讼1件，复议后起诉1件。",
    ]
    for sentence in agreeing:
        assert "narrative.mismatch" not in rules(_with_sentence(rep, sentence)), sentence
    text = print_report(rep, "pipe")
    head = "四、政府信息公开行政复议、行政诉讼情况"
    denied = text.replace(head, head + "\n全年未发生行政诉讼。", 1)
    found = [f for f in ogi.read(denied).findings if f.rule == "narrative.mismatch"]
    assert found and set(found[0].keys) == {"t4.suit_direct.total", "t4.suit_after_review.total"}
