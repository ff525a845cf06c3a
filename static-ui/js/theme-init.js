// Runs before first paint (a classic script, not a module) so a saved theme never flashes the other one.
try {
  const saved = localStorage.getItem('sc-theme');
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
} catch (e) { /* storage blocked: follow the system */ }
