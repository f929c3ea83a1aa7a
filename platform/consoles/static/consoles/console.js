/* Behaviour of every page, progressive: without JavaScript the forms post as usual.
   No inline scripts anywhere (the Content-Security-Policy forbids them). */
(function () {
  "use strict";

  // No double submit: a form marked data-disable-on-submit disables its buttons once sent,
  // and says so on the pressed button (its data-submitting text).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-disable-on-submit")) {
      return;
    }
    if (form.dataset.submitted === "true") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "true";
    var pressed = event.submitter;
    // Disabled after the browser has read the pressed button's name and value.
    window.setTimeout(function () {
      form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
      if (pressed && pressed.dataset.submitting) {
        pressed.textContent = pressed.dataset.submitting;
      }
    }, 0);
  });

  // A page shown again from the back/forward cache gets its buttons back.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-disable-on-submit]").forEach(function (form) {
      delete form.dataset.submitted;
      form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-disabled");
      });
    });
  });

  // A select marked data-region-names fills the name field from the JSON it names (id), unless
  // the person has typed a name of their own.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.dataset.regionNames) {
      return;
    }
    var names = JSON.parse(document.getElementById(select.dataset.regionNames).textContent);
    var name = select.form && select.form.elements.namedItem("name");
    if (name && (!name.value || name.value === name.dataset.filled)) {
      name.value = names[select.value] || "";
      name.dataset.filled = name.value;
    }
  });

  // The first field with an error takes the focus, so a keyboard user lands on it.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("[aria-invalid=true]");
    if (invalid) {
      invalid.focus();
    }
  });
})();
