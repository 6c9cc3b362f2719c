// Article view: clicking (or Enter on) a highlight marks its whole statement and shows
// who is speaking, copied from the server-rendered speaker list; a link to #A3 (from a
// search result or a claim board) does the same for statement A3 on arrival. No markup is
// built from strings, so nothing from the article can become HTML here.
"use strict";

function showSpeaker(mark) {
  const box = document.getElementById("speaker-box");
  if (!box) return;
  document.querySelectorAll("mark.active").forEach((m) => m.classList.remove("active"));
  document.querySelectorAll("mark[data-att]").forEach((m) => {
    if (m.dataset.att === mark.dataset.att) m.classList.add("active");
  });
  const statement = document.createElement("p");
  statement.className = "box-statement";
  statement.textContent = mark.title;
  const entry = mark.dataset.speaker && document.getElementById("sp-" + mark.dataset.speaker);
  let speaker;
  if (entry) {
    speaker = entry.cloneNode(true);
    speaker.removeAttribute("id");
  } else {
    speaker = document.createElement("p");
    speaker.textContent = "No speaker was resolved for this statement.";
  }
  box.replaceChildren(statement, speaker);
  box.hidden = false;
}

document.addEventListener("click", (event) => {
  const mark = event.target.closest("mark[data-att]");
  if (mark) showSpeaker(mark);
});

document.addEventListener("keydown", (event) => {
  const mark = event.target.closest && event.target.closest("mark[data-att]");
  if (mark && event.key === "Enter") showSpeaker(mark);
});

function showTarget() {
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  const mark = Array.from(document.querySelectorAll("mark[data-att]")).find((m) => m.dataset.att === id);
  if (!mark) return;
  showSpeaker(mark);
  mark.scrollIntoView({ block: "center" });
}

window.addEventListener("hashchange", showTarget);
document.addEventListener("DOMContentLoaded", showTarget);

// Review panel (only for a signed-in reviewer): a statement clicked is the one every form
// acts on; "use the selected text" fills a span's offsets from the selection, counted in
// characters of the article text (the text of #article-text is the article's, unaltered).
function textOffset(root, node, offset) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let count = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n === node) return count + offset;
    count += n.textContent.length;
  }
  if (node === root) {
    let total = 0;
    for (let i = 0; i < offset; i++) total += root.childNodes[i].textContent.length;
    return total;
  }
  return null;
}

function selectionOffsets() {
  const root = document.getElementById("article-text");
  const selection = window.getSelection();
  if (!root || !selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null;
  const start = textOffset(root, range.startContainer, range.startOffset);
  const end = textOffset(root, range.endContainer, range.endOffset);
  return start === null || end === null ? null : [start, end];
}

document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("button.use-selection");
  if (button) {
    const found = selectionOffsets();
    const fieldset = button.closest("fieldset.span");
    if (!found || !fieldset) return;
    const prefix = fieldset.dataset.prefix;
    fieldset.querySelector(`input[name="${prefix}start"]`).value = found[0];
    fieldset.querySelector(`input[name="${prefix}end"]`).value = found[1];
    return;
  }
  const mark = event.target.closest && event.target.closest("mark[data-att]");
  if (mark) {
    document.querySelectorAll("select.pick-statement").forEach((select) => {
      if (Array.from(select.options).some((o) => o.value === mark.dataset.att)) select.value = mark.dataset.att;
    });
  }
});
