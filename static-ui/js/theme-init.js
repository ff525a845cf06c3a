// Runs before first paint (a classic script, not a module): html[data-theme] is the toggle's saved choice, or
// the system's preference when none is saved (and follows it when it changes). data-theme-mode says which.
(function () {
  const system = window.matchMedia('(prefers-color-scheme: dark)');
  function apply() {
    let saved = null;
    try { saved = localStorage.getItem('sc-theme'); } catch (e) { /* storage blocked: follow the system */ }
    const mode = saved === 'light' || saved === 'dark' ? saved : 'auto';
    document.documentElement.dataset.themeMode = mode;
    document.documentElement.dataset.theme = mode === 'auto' ? (system.matches ? 'dark' : 'light') : mode;
  }
  apply();
  system.addEventListener('change', apply);
  window.addEventListener('sc-theme', apply);
})();
