// The check page: list the files chosen; say the upload is under way.
(function () {
  document.getElementById("files").addEventListener("change", (e) => {
    const ul = document.getElementById("chosen");
    ul.innerHTML = "";
    for (const f of e.target.files) {
      const li = document.createElement("li");
      li.textContent = `${f.name}（${(f.size / 1024).toFixed(1)} KB）`;
      ul.appendChild(li);
    }
  });
  document.getElementById("check-form").addEventListener("submit", () => {
    const b = document.getElementById("check-submit");
    b.disabled = true;
    b.textContent = "正在上传……";
  });
})();
