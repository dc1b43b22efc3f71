// "Copy as curl": shown only where the clipboard can be written (the command stays selectable).
(function () {
  "use strict";
  var button = document.getElementById("copy-curl");
  var text = document.getElementById("curl");
  if (!button || !text || !navigator.clipboard) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(text.textContent).then(
      function () { button.textContent = "Copied"; },
      function () { button.textContent = "Copy failed: select the text"; }
    );
  });
})();
