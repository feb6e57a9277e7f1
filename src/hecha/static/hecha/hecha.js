// A form submitted once cannot be submitted twice: its button is disabled on submit.
document.addEventListener("submit", function (event) {
  const form = event.target;
  if (form.dataset.submitted) { event.preventDefault(); return; }
  form.dataset.submitted = "1";
  form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
});
