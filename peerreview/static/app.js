// Starts GOV.UK Frontend's components (menus, error summaries, buttons) on every page.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();
