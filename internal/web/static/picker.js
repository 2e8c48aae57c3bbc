// Kijun pickers: a field that takes an ID of something Kijun knows (an
// asset, a 課, a person, a system, a device, a medium, a segment) becomes a
// WAI-ARIA 1.2 combobox with a list of suggestions as the person types,
// from /suggest/{kind}, which returns only what the person may see.
// Without script the field stays a text box for the ID itself.
//
// Keys: Down and Up move through the list (Down opens it), Enter takes
// the highlighted choice, Escape closes the list (or clears the field when
// it is closed), Tab leaves it. The input keeps focus throughout; the
// highlighted option is named by aria-activedescendant.
(function () {
  "use strict";
  var ja = (document.documentElement.lang || "ja") !== "en";
  var text = ja ? {
    hint: "文字を入力すると候補が出ます。上下の矢印で選び、Enter で決めます。番号を直接入力することもできます。",
    count: function (n) { return n === 0 ? "候補はありません" : "候補 " + n + " 件。上下の矢印で選べます。"; },
    chosen: "選択: "
  } : {
    hint: "Type to see suggestions; choose with the up and down arrows and Enter. You can also type the number itself.",
    count: function (n) { return n === 0 ? "No suggestions" : n + " suggestions; use the up and down arrows."; },
    chosen: "Chosen: "
  };
  var seq = 0;

  function Picker(input) {
    var self = this;
    seq++;
    this.input = input;
    this.kind = input.getAttribute("data-suggest");
    this.multi = input.hasAttribute("data-suggest-multi");
    this.items = [];
    this.active = -1;
    this.timer = 0;
    this.asked = 0;
    var id = input.id || ("picker-" + seq);
    input.id = id;

    var wrap = document.createElement("div");
    wrap.className = "picker";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);

    this.list = document.createElement("ul");
    this.list.id = id + "-listbox";
    this.list.setAttribute("role", "listbox");
    var label = document.querySelector('label[for="' + id + '"]');
    if (label) {
      if (!label.id) { label.id = id + "-label"; }
      this.list.setAttribute("aria-labelledby", label.id);
    }
    this.list.hidden = true;
    wrap.appendChild(this.list);

    this.hint = document.createElement("span");
    this.hint.id = id + "-hint";
    this.hint.className = "sr-only";
    this.hint.textContent = text.hint;
    wrap.appendChild(this.hint);

    this.status = document.createElement("span");
    this.status.className = "sr-only";
    this.status.setAttribute("role", "status");
    wrap.appendChild(this.status);

    // The chosen thing's name, shown under the ID so the person can see
    // what the number stands for.
    this.name = document.createElement("span");
    this.name.className = "pick-name";
    this.name.id = id + "-name";
    wrap.appendChild(this.name);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.list.id);
    input.setAttribute("autocomplete", "off");
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(this.hint.id, this.name.id);
    input.setAttribute("aria-describedby", described.join(" "));

    input.addEventListener("input", function () { self.schedule(); });
    input.addEventListener("keydown", function (e) { self.key(e); });
    // The Enter that took a choice must not also send the form, whichever
    // of keydown and keypress the browser submits on.
    input.addEventListener("keypress", function (e) {
      if (e.key === "Enter" && self.swallow) { e.preventDefault(); }
    });
    input.addEventListener("keyup", function () { self.swallow = false; });
    input.addEventListener("blur", function () { setTimeout(function () { self.close(); }, 150); });
    this.list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    this.list.addEventListener("click", function (e) {
      var li = e.target.closest('[role="option"]');
      if (li) { self.choose(Number(li.getAttribute("data-index"))); }
    });
  }

  // term is what the person is typing: the whole field, or in a field of
  // several IDs the last of them.
  Picker.prototype.term = function () {
    var v = this.input.value;
    if (!this.multi) { return v.trim(); }
    var parts = v.split(/[\s,、]+/);
    return parts[parts.length - 1];
  };

  Picker.prototype.schedule = function () {
    var self = this;
    clearTimeout(this.timer);
    this.name.textContent = "";
    this.list.setAttribute("aria-busy", "true");
    this.timer = setTimeout(function () { self.fetch(); }, 150);
  };

  Picker.prototype.fetch = function () {
    var self = this, q = this.term();
    if (q === "") { this.list.removeAttribute("aria-busy"); this.show([]); return; }
    var n = ++this.asked;
    this.list.setAttribute("aria-busy", "true");
    fetch("/suggest/" + encodeURIComponent(this.kind) + "?q=" + encodeURIComponent(q), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (body) {
        if (n === self.asked) { self.list.removeAttribute("aria-busy"); self.show(body.items || []); }
      })
      .catch(function () { self.list.removeAttribute("aria-busy"); /* the field still takes the ID typed */ });
  };

  Picker.prototype.show = function (items) {
    // A late answer keeps the highlighted choice if it still offers it.
    var was = this.active >= 0 && this.items[this.active] ? this.items[this.active].id : null;
    this.items = items;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.list.textContent = "";
    for (var i = 0; i < items.length; i++) {
      var li = document.createElement("li");
      li.id = this.list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-index", String(i));
      li.setAttribute("data-id", items[i].id);
      var label = document.createElement("span");
      label.textContent = items[i].label || items[i].id;
      li.appendChild(label);
      var idspan = document.createElement("span");
      idspan.className = "pick-id";
      idspan.textContent = items[i].id + (items[i].detail ? "・" + items[i].detail : "");
      li.appendChild(idspan);
      this.list.appendChild(li);
    }
    var open = items.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", open ? "true" : "false");
    this.status.textContent = this.term() === "" ? "" : text.count(items.length);
    for (var j = 0; open && was !== null && j < items.length; j++) {
      if (items[j].id === was) { this.highlight(j); break; }
    }
  };

  Picker.prototype.close = function () {
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  Picker.prototype.highlight = function (i) {
    var opts = this.list.querySelectorAll('[role="option"]');
    if (opts.length === 0) { return; }
    i = (i + opts.length) % opts.length;
    for (var k = 0; k < opts.length; k++) { opts[k].setAttribute("aria-selected", k === i ? "true" : "false"); }
    this.active = i;
    this.input.setAttribute("aria-activedescendant", opts[i].id);
    opts[i].scrollIntoView({ block: "nearest" });
  };

  Picker.prototype.choose = function (i) {
    var it = this.items[i];
    if (!it) { return; }
    if (this.multi) {
      var v = this.input.value, t = this.term();
      this.input.value = v.slice(0, v.length - t.length) + it.id + " ";
    } else {
      this.input.value = it.id;
    }
    this.name.textContent = text.chosen + (it.label || it.id) + (it.detail ? "（" + it.detail + "）" : "");
    this.close();
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
  };

  Picker.prototype.key = function (e) {
    var open = !this.list.hidden;
    switch (e.key) {
    case "ArrowDown":
      e.preventDefault();
      if (!open) {
        if (this.items.length > 0) { this.list.hidden = false; this.input.setAttribute("aria-expanded", "true"); this.highlight(0); } else { this.fetch(); }
      } else { this.highlight(this.active + 1); }
      break;
    case "ArrowUp":
      if (open) { e.preventDefault(); this.highlight(this.active - 1); }
      break;
    case "Enter":
      // Enter on a highlighted choice takes it; otherwise the form is sent.
      this.swallow = open && this.active >= 0;
      if (this.swallow) { e.preventDefault(); this.choose(this.active); }
      break;
    case "Escape":
      if (open) { e.preventDefault(); this.close(); } else if (this.input.value !== "") { e.preventDefault(); this.input.value = ""; this.name.textContent = ""; }
      break;
    case "Tab":
      this.close();
      break;
    }
  };

  function start() {
    var inputs = document.querySelectorAll("input[data-suggest]");
    for (var i = 0; i < inputs.length; i++) { new Picker(inputs[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
