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
