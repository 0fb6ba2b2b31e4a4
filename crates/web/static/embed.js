/* ansett: a company's open positions on another web site. Paste where the list should appear:
 *   <script src="https://ANSETT/careers/COMPANY/embed.js" async></script>
 * The script's own query (?accent=0b5cad&lang=en&place=Oslo …) is passed on to the list; see the README. */
(function () {
  var script = document.currentScript;
  if (!script || !script.src) return;
  var parts = script.src.split('?');
  var page = parts[0].replace(/\.js$/, '') + (parts[1] ? '?' + parts[1] : '');
  var frame = document.createElement('iframe');
  frame.src = page;
  frame.title = __TITLE__;
  frame.loading = 'lazy';
  frame.style.width = '100%';
  frame.style.border = '0';
  frame.style.height = '32rem';
  script.parentNode.insertBefore(frame, script.nextSibling);
  var origin = new URL(page, document.baseURI).origin;
  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow || event.origin !== origin) return;
    var height = event.data && event.data.ansettEmbedHeight;
    if (typeof height === 'number' && height > 0 && height < 100000) frame.style.height = Math.ceil(height) + 'px';
  });
})();
