// The inspection workspace: an "Insert" button in the evidence list puts its placeholder into the
// finding's text at the cursor, and the preview is refreshed. Without JavaScript the placeholder
// is shown to copy.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".op-insert");
  if (!button) return;
  const text = document.getElementById("text");
  if (!text) return;
  const placeholder = button.dataset.placeholder;
  const start = text.selectionStart ?? text.value.length;
  const end = text.selectionEnd ?? text.value.length;
  text.value = text.value.slice(0, start) + placeholder + text.value.slice(end);
  text.focus();
  text.selectionStart = text.selectionEnd = start + placeholder.length;
  text.dispatchEvent(new Event("input", { bubbles: true }));
});
