/* Inside the embedded job list: tells the page around it how tall the list is (a number, nothing else), so
 * embed.js can size the iframe without a scroll bar. */
(function () {
  if (window.parent === window) return;
  function report() {
    window.parent.postMessage({ ansettEmbedHeight: document.documentElement.scrollHeight }, '*');
  }
  window.addEventListener('load', report);
  window.addEventListener('resize', report);
})();
