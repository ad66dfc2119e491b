// Click a value: show its label, findings and corrections, and highlight where it stood in the source.
(function () {
  const data = JSON.parse(document.getElementById("reading-data").textContent);
  const source = document.getElementById("source");
  const selBody = document.getElementById("sel-body");
  const form = document.getElementById("correct-form");
  const pageView = document.getElementById("page-view");
  const SCALE = 1.5; // must match ogi.web.pdfpage.SCALE
  function esc(s) { const d = document.createElement("span"); d.textContent = s == null ? "" : String(s); return d.innerHTML; }
  function whereText(w) {
    const p = [];
    if (w.page != null) p.push(`第${w.page}页`);
    if (w.line != null) p.push(`第${w.line}行`);
    if (w.table != null) p.push(`表格${w.table + 1}`);
    if (w.row != null) p.push(`第${w.row + 1}行`);
    if (w.col != null) p.push(`第${w.col + 1}列`);
    return p.join("") || "未记录位置";
  }
  function clearMarks() {
    document.querySelectorAll(".hl").forEach((e) => e.classList.remove("hl"));
    document.querySelectorAll(".picked").forEach((e) => e.classList.remove("picked"));
  }
  function showSource(w) {
    let target = null;
    if (w.line != null) target = document.getElementById(`L${w.line}`);
    if (!target && w.table != null) {
      target = source.querySelector(`.sc[data-t="${w.table}"][data-r="${w.row}"][data-c="${w.col}"]`);
    }
    if (target) {
      target.classList.add("hl");
      const line = target.closest(".src");
      if (line) line.classList.add("hl");
      const top = (line || target).offsetTop - source.offsetTop - source.clientHeight / 3;
      source.scrollTo({ top: Math.max(0, top), behavior: "instant" });
    }
    if (w.page != null && w.bbox) {
      const img = document.getElementById("page-img");
      const box = document.getElementById("page-box");
      pageView.classList.remove("hidden");
      const place = () => {
        const k = img.clientWidth / img.naturalWidth;
        box.style.left = `${w.bbox[0] * SCALE * k}px`;
        box.style.top = `${w.bbox[1] * SCALE * k}px`;
        box.style.width = `${(w.bbox[2] - w.bbox[0]) * SCALE * k}px`;
        box.style.height = `${(w.bbox[3] - w.bbox[1]) * SCALE * k}px`;
        pageView.scrollTo({ top: Math.max(0, w.bbox[1] * SCALE * k - 80) });
      };
      const src = `${data.base}/pages/${w.page}.png`;
      if (img.getAttribute("src") !== src) { img.onload = place; img.setAttribute("src", src); } else place();
      pageView.scrollIntoView({ block: "nearest" });
    } else {
      pageView.classList.add("hidden");
    }
    return !!target;
  }
  function select(td) {
    clearMarks();
    const key = td.dataset.key;
    document.querySelectorAll(`td.v[data-key="${CSS.escape(key)}"]`).forEach((e) => e.classList.add("picked"));
    const w = JSON.parse(td.dataset.where || "{}");
    const found = showSource(w);
    const probs = [];
    document.querySelectorAll(".finding").forEach((li) => {
      if (JSON.parse(li.dataset.keys || "[]").includes(key)) {
        li.classList.add("hl");
        probs.push(`<li class="${[...li.classList].find((c) => c.startsWith("sev-"))}">${esc(li.querySelector(".f-msg").textContent)}</li>`);
      }
    });
    const corr = data.corrections[key] || [];
    const val = td.firstChild && td.firstChild.nodeType === 3 ? td.firstChild.textContent.trim() : td.textContent.trim();
    selBody.innerHTML =
      `<p class="sel-label">${esc(data.labels[key] || key)}</p>` +
      `<p>读取值：<strong class="sel-value">${esc(val)}</strong>` +
      (key in data.inferred ? `（报告未填，按规则推断为 ${esc(data.inferred[key])}）` : "") + `</p>` +
      `<p>原文位置：<span class="sel-where">${esc(whereText(w))}</span>${found || w.page != null ? "" : "（原文中无此值）"}</p>` +
      (probs.length ? `<ul class="sel-probs">${probs.join("")}</ul>` : `<p class="hint">此项没有发现问题。</p>`) +
      (corr.length ? `<p>人工更正：</p><ul class="sel-corr">${corr.map((c) => `<li>第${c.version}版：${esc(c.value == null ? "空" : c.value)}（${esc(c.user)} ${esc(c.at)}${c.comment ? "，" + esc(c.comment) : ""}）</li>`).join("")}</ul>` : "") +
      `<p class="hint"><code>${esc(key)}</code></p>`;
    if (form) {
      form.classList.remove("hidden");
      document.getElementById("correct-key").value = key;
      document.getElementById("correct-value").value = corr.length && corr[0].value != null ? corr[0].value : "";
    }
  }
  document.querySelectorAll("td.v").forEach((td) => {
    td.addEventListener("click", () => select(td));
    td.addEventListener("keydown", (e) => { if (e.key === "Enter") select(td); });
  });
  document.querySelectorAll(".keylink").forEach((a) => {
    a.addEventListener("click", (e) => {
      e.preventDefault();
      const td = document.querySelector(`td.v[data-key="${CSS.escape(a.dataset.key)}"]`);
      if (td) { select(td); td.scrollIntoView({ block: "center" }); }
    });
  });
  // the findings: show one kind only (severity, not yet reviewed, against the previous version), or all at full length
  document.querySelectorAll(".f-filter button[data-show]").forEach((b) => {
    b.addEventListener("click", () => {
      document.querySelectorAll(".f-filter button[data-show]").forEach((x) => x.classList.toggle("on", x === b));
      document.querySelectorAll("#findings > .findings > .finding").forEach((li) => {
        li.classList.toggle("filtered", b.dataset.show !== "all" && !li.classList.contains(b.dataset.show));
      });
    });
  });
  const expand = document.getElementById("f-expand");
  if (expand) {
    expand.addEventListener("click", () => {
      const list = document.querySelector("#findings > .findings");
      const open = list.classList.toggle("open");
      expand.textContent = open ? "收起" : "展开全部";
    });
  }
  const want = new URLSearchParams(location.search).get("key");
  if (want) {
    const td = document.querySelector(`td.v[data-key="${CSS.escape(want)}"]`);
    if (td) { select(td); td.scrollIntoView({ block: "center" }); }
  }
})();
