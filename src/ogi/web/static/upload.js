// Upload with real progress: the files (and a folder's files) sent by XMLHttpRequest to /uploads.json,
// showing bytes sent, the rate and the time left; then the batch's page, which shows the reading.
// Without scripts the form posts as it is.
(function () {
  const form = document.getElementById("check-form");
  if (!form) return;
  const files = document.getElementById("files");
  const folder = document.getElementById("folder");
  const chosen = document.getElementById("chosen");
  const box = document.getElementById("send-progress");
  const bar = box.querySelector("progress");
  const text = box.querySelector(".progress-text");
  const errBox = document.getElementById("send-error");
  const button = document.getElementById("check-submit");
  const SKIP = /(^|\/)(\.|__MACOSX\/)|\.json$/i;

  function mb(n) { return (n / 1048576).toFixed(1); }
  function clock(s) {
    s = Math.round(s);
    return s >= 3600 ? `${Math.floor(s / 3600)} 小时 ${Math.round((s % 3600) / 60)} 分` : s >= 60 ? `${Math.floor(s / 60)} 分 ${s % 60} 秒` : `${s} 秒`;
  }
  function picked() {
    const out = [...files.files];
    if (folder) for (const f of folder.files) if (!SKIP.test(f.webkitRelativePath || f.name)) out.push(f);
    return out;
  }
  function list() {
    const all = picked();
    chosen.innerHTML = "";
    const total = all.reduce((n, f) => n + f.size, 0);
    for (const f of all.slice(0, 20)) {
      const li = document.createElement("li");
      li.textContent = `${f.webkitRelativePath || f.name}（${(f.size / 1024).toFixed(1)} KB）`;
      chosen.appendChild(li);
    }
    if (all.length > 20) {
      const li = document.createElement("li");
      li.textContent = `……共 ${all.length} 个文件，${mb(total)} MB`;
      chosen.appendChild(li);
    }
  }
  files.addEventListener("change", list);
  if (folder) folder.addEventListener("change", list);

  function fail(message, details) {
    errBox.hidden = false;
    errBox.textContent = message + (details && details.length ? "：" + details.join("；") : "");
    button.disabled = false;
    button.textContent = "开始核对";
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    errBox.hidden = true;
    const data = new FormData();
    for (const f of picked()) data.append("files", f, (f.webkitRelativePath || f.name).split("/").pop());
    data.append("text", form.querySelector("textarea[name=text]").value);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/uploads.json");
    xhr.setRequestHeader("X-CSRF-Token", document.querySelector("meta[name=csrf]").content);
    const t0 = performance.now();
    box.hidden = false;
    button.disabled = true;
    button.textContent = "正在上传……";
    xhr.upload.onprogress = (ev) => {
      if (!ev.lengthComputable) return;
      bar.max = ev.total;
      bar.value = ev.loaded;
      const secs = (performance.now() - t0) / 1000;
      const rate = ev.loaded / Math.max(secs, 0.001);
      const left = rate > 0 ? (ev.total - ev.loaded) / rate : 0;
      text.textContent = `已发送 ${mb(ev.loaded)} / ${mb(ev.total)} MB（${mb(rate)} MB/秒），` +
        (ev.loaded < ev.total ? `预计还需 ${clock(left)}` : "正在接收，马上开始读取……");
    };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (_) { /* not JSON */ }
      if (xhr.status === 200 && body && body.batch) {
        location.href = `/batches/${body.batch}`;
        return;
      }
      if (xhr.status === 401) { location.href = "/login?next=/uploads"; return; }
      const detail = body && typeof body.detail === "string" ? body.detail : `上传未能完成（${xhr.status}）`;
      fail(detail, body && body.files);
    };
    xhr.onerror = () => fail("网络中断，上传未能完成，请重试。");
    xhr.send(data);
  });
})();
