// GOV.UK Frontend's components, started once the page has loaded; htmx is loaded by its own tag.
import { initAll } from '/static/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
