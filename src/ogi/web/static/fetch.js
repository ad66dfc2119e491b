// Follow a fetch until it ends: counts, the latest pages and files, then its result.
(function () {
  const box = document.getElementById("fetch-job");
  if (!box) return;
  const LABELS = { list: "栏目页", page: "报告页面", file: "附件", read: "已读取" };
  async function poll() {
    let j;
    try {
      const res = await fetch(`/fetches/${box.dataset.job}.json`, { credentials: "same-origin" });
      if (!res.ok) throw new Error(res.status);
      j = await res.json();
    } catch (e) {
      setTimeout(poll, 2000);
      return;
    }
    for (const k in LABELS) box.querySelector(`.count-${k}`).textContent = j.counts[k];
    const ul = document.getElementById("fetch-recent");
    ul.innerHTML = "";
    for (const r of j.recent.slice(0, 20)) {
      const li = document.createElement("li");
      li.textContent = `${LABELS[r.kind]}：${r.url}`;
      ul.appendChild(li);
    }
    if (j.running) { setTimeout(poll, 1000); return; }
    location.reload(); // the finished page: its result and messages
  }
  if (document.getElementById("fetch-state").textContent.startsWith("正在")) poll();
})();
