/**
 * The site's icon: a white tick on the survey pages' blue, as SVG (about 200 bytes, sharp
 * at every size). Served at `/favicon.ico`, the address browsers ask for when a page
 * links none, with its real type (`image/svg+xml`): browsers go by the type, not the name.
 */
export const faviconSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<rect width="32" height="32" rx="7" fill="#1d4ed8"/>' +
  '<path d="M8 16.5l5.5 5.5L24 11" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/>' +
  '</svg>';
