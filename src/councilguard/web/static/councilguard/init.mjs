// Start GOV.UK Frontend's components (header menu, error summary focus, details, tabs...).
import { initAll } from '/assets/govuk/govuk-frontend.min.js';

initAll();
