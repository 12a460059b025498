// The "Cetak" button of a printable page (e.g. a walk-in's receipt): shown only
// when this script runs; without it the page says to use Ctrl+P.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
