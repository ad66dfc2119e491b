// Poll the batch's status until every file is read; go straight to the reading when there is one file.
(function () {
  const table = document.getElementById("batch");
  if (!table) return;
  const batch = table.dataset.batch;
  const LABELS = { queued: "排队中", reading: "读取中", done: "已完成", error: "无法读取" };
  function esc(s) { const d = document.createElement("span"); d.textContent = s; return d.innerHTML; }
  function clock(s) {
    s = Math.round(s);
    return s >= 3600 ? `${Math.floor(s / 3600)} 小时 ${Math.round((s % 3600) / 60)} 分` : s >= 60 ? `${Math.floor(s / 60)} 分 ${s % 60} 秒` : `${s} 秒`;
  }
  function showProgress(p, done) {
    const box = document.getElementById("read-progress");
    if (!box || !p) return;
    box.querySelector("progress").max = p.total;
    box.querySelector("progress").value = p.done;
    box.querySelector(".done").textContent = p.done;
    box.querySelector(".total").textContent = p.total;
    box.querySelector(".mb").textContent = `${(p.bytes_done / 1048576).toFixed(1)} / ${(p.bytes_total / 1048576).toFixed(1)} MB`;
    box.querySelector(".secs").textContent = Math.round(p.seconds);
    box.querySelector(".left").textContent = done ? "，全部完成" : p.seconds_left === null ? "，正在估算剩余时间" : `，预计还需 ${clock(p.seconds_left)}`;
  }
  async function poll() {
    let data;
    try {
      const res = await fetch(`/batches/${batch}.json`, { credentials: "same-origin" });
      if (!res.ok) throw new Error(res.status);
      data = await res.json();
    } catch (e) {
      setTimeout(poll, 2000);
      return;
    }
    for (const u of data.uploads) {
      const tr = table.querySelector(`tr[data-id="${u.id}"]`);
      if (!tr) continue;
      tr.querySelector(".st").innerHTML =
        `<span class="status st-${u.status}">${LABELS[u.status]}</span>` + (u.error ? ` <span class="err-text">${esc(u.error)}</span>` : "");
      tr.querySelector(".go").innerHTML = u.status === "done" && u.report_id ? `<a href="/reports/${u.report_id}">查看结果</a>` : "";
    }
    showProgress(data.progress, data.done);
    const note = document.getElementById("batch-note");
    if (data.done) {
      note.textContent = "全部读取完毕。";
      if (data.uploads.length === 1 && data.uploads[0].status === "done") location.href = `/reports/${data.uploads[0].report_id}`;
      return;
    }
    setTimeout(poll, 700);
  }
  poll();
})();
