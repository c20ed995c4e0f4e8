// GOV.UK Frontend styles some components differently when JavaScript runs; this must run
// as the body starts, so it is a classic script (the CSP allows no inline script).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
