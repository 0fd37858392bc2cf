// Small browser helpers the console's pages call through JS interop. No page data is ever written as HTML here.
window.gatewayConsole = {
  // Copies text to the clipboard (localhost and HTTPS are secure contexts, where the Clipboard API exists).
  copy: async function (text) {
    await navigator.clipboard.writeText(text);
    return true;
  },
};
