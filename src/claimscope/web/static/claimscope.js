// Shows on the article's highlights which claim is selected and which ones the claim
// table's filters keep, and lets the keyboard press a highlight. It only toggles classes
// and clicks: it never builds markup from data.
(function () {
  "use strict";

  function ids(element, attribute) {
    var value = element.getAttribute(attribute) || "";
    return value ? value.split(" ") : [];
  }

  function showSelected() {
    var card = document.querySelector("#claim-detail [data-selected-claim]");
    var selected = card ? card.getAttribute("data-selected-claim") : null;
    document.querySelectorAll("#article-text mark.claim").forEach(function (mark) {
      mark.classList.toggle("selected", ids(mark, "data-claims").indexOf(selected) !== -1);
    });
    document.querySelectorAll("#claim-table tr[data-claim]").forEach(function (row) {
      row.classList.toggle("selected", row.getAttribute("data-claim") === selected);
    });
  }

  function showFiltered() {
    var table = document.getElementById("claim-table");
    if (!table) {
      return;
    }
    var kept = ids(table, "data-visible-claims");
    document.querySelectorAll("#article-text [data-claim]").forEach(function (element) {
      element.classList.toggle("dimmed", kept.indexOf(element.getAttribute("data-claim")) === -1);
    });
  }

  // A highlight in the tab order is a button: Enter and Space show its claim as a click
  // does (focusing it already did; htmx listens for both).
  function pressHighlight(event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.matches("#article-text mark.claim[tabindex]")) {
      return;
    }
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault(); // Space would scroll the page
      target.click();
    }
  }

  function refresh() {
    showSelected();
    showFiltered();
  }

  // htmx:load fires on every piece of new content once it is in the page (a swapped-out
  // element's own events no longer reach the document).
  document.addEventListener("DOMContentLoaded", refresh);
  document.addEventListener("htmx:load", refresh);
  document.addEventListener("keydown", pressHighlight);
})();
