/* Behaviour of every page that would otherwise sit in inline event handlers, which the
   Content-Security-Policy forbids (coalicion/settings/base.py, "Browser policies").
   - A <select data-submit-on-change> submits its form when its value changes (the language
     switch in base.html; without JavaScript its <noscript> button does it).
   - A failed form's error summary takes the focus; its links focus their inputs.
   - After an htmx swap the focus is kept or moved on purpose, and what changed is said by
     the page's polite live region (#live-announcer in base.html).
   Listeners are delegated from the document, so content swapped in by htmx needs nothing. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change") && field.form) {
      field.form.submit();
    }
  });

  /* Error summary (templates/partials/_error_summary.html, GOV.UK pattern): after a failed
     submit, focus moves to the summary so screen readers announce it first; a link of the
     summary moves focus to its input and scrolls the input's label into view. */
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
    return summary;
  }
  /* Without an error summary, the messages a redirect brought ("Vote recorded.") take the
     focus, so they are read first and Tab continues from them (GOV.UK's success banner). */
  function focusOnLoad() {
    if (focusErrorSummary(document)) {
      return;
    }
    var messages = document.querySelector("[data-page-messages]");
    if (messages && document.activeElement === document.body) {
      messages.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusOnLoad);
  } else {
    focusOnLoad();
  }
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("[data-error-summary] a[href^='#']") : null;
    if (!link) {
      return;
    }
    var input = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!input) {
      return;
    }
    event.preventDefault();
    var label = input.id ? document.querySelector("label[for='" + CSS.escape(input.id) + "']") : null;
    var legend = input.closest("fieldset") ? input.closest("fieldset").querySelector("legend") : null;
    (label || legend || input).scrollIntoView();
    input.focus({preventScroll: true});
  });

  /* htmx swaps (attendance, agenda, quorum, report state). Before a swap we note what had
     the focus inside the region being replaced; once the new content has settled:
     1. an error summary in it takes the focus (the submit failed);
     2. a form marked data-focus-first that was just submitted successfully gives the focus to
        its first field, ready for the next entry (ST records arrivals one after another);
     3. otherwise the element with the same id (or the same name in a form with the same
        action) takes it back, or, when it is gone, the region itself (tabindex="-1");
     A region that polls while the focus is elsewhere never takes it. */
  var pending = {};
  var said = {};
  var settled = typeof WeakSet === "function" ? new WeakSet() : null;
  var announcer = null;

  function announce(text) {
    text = (text || "").trim();
    if (!text) {
      return;
    }
    announcer = announcer || document.getElementById("live-announcer");
    if (!announcer) {
      return;
    }
    var line = document.createElement("p");
    line.textContent = text;
    announcer.appendChild(line);
    while (announcer.children.length > 3) {
      announcer.removeChild(announcer.firstChild);
    }
  }

  /* data-announce="text" (or an empty attribute: the element's text). An element with an id
     is a state (quorum, a report's state): said only when it changes, never on page load. */
  function announceChanges(root, speak) {
    var nodes = [];
    if (root.matches && root.matches("[data-announce]")) {
      nodes.push(root);
    }
    nodes.push.apply(nodes, root.querySelectorAll("[data-announce]"));
    nodes.forEach(function (node) {
      var text = (node.getAttribute("data-announce") || node.textContent || "").trim();
      if (node.id) {
        var before = said[node.id];
        said[node.id] = text;
        if (!speak || before === text) {
          return;
        }
      } else if (!speak) {
        return;
      }
      announce(text);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { announceChanges(document, false); });
  } else {
    announceChanges(document, false);
  }

  function firstField(form) {
    return form.querySelector("input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])");
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.id) {
      return;
    }
    var active = document.activeElement;
    var source = event.detail.requestConfig ? event.detail.requestConfig.elt : null;
    pending[target.id] = {
      hadFocus: !!(active && active !== document.body && target.contains(active)),
      id: active && active.id,
      name: active && active.name,
      action: active && active.form ? active.form.getAttribute("action") : null,
      focusFirst: !!(source && source.matches && source.matches("form[data-focus-first]")),
      sourceAction: source && source.getAttribute ? source.getAttribute("action") : null
    };
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    var id = target && target.id;
    var region = id ? document.getElementById(id) : null;
    if (!region) {
      return;
    }
    // htmx says afterSettle once per new top-level element of the same swap: act once.
    if (settled) {
      if (settled.has(event.detail)) {
        return;
      }
      settled.add(event.detail);
    }
    announceChanges(region, true);
    var before = pending[id];
    delete pending[id];
    if (!before) {
      return;
    }
    if (focusErrorSummary(region)) {
      return;
    }
    if (before.focusFirst && before.sourceAction) {
      var form = region.querySelector("form[data-focus-first][action='" + CSS.escape(before.sourceAction) + "']");
      var field = form ? firstField(form) : null;
      if (field) {
        field.focus();
        return;
      }
    }
    if (!before.hadFocus) {
      return;
    }
    var again = before.id ? document.getElementById(before.id) : null;
    if (!again && before.name && before.action) {
      var forms = region.querySelectorAll("form[action='" + CSS.escape(before.action) + "']");
      for (var i = 0; i < forms.length && !again; i++) {
        again = forms[i].querySelector("[name='" + CSS.escape(before.name) + "']");
      }
    }
    (again && region.contains(again) ? again : region).focus();
  });
}());
