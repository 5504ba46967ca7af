// Real words for names, titles and descriptions, so full-text search over the seeded tasks
// finds things ("invoice", "export", "timezone"...) the way it would on a real instance.

const FIRST_NAMES = [
  'Ada', 'Alan', 'Amara', 'Anna', 'Arjun', 'Beatriz', 'Ben', 'Carla', 'Chen', 'Chloe', 'Daniel', 'Dmitri', 'Elena', 'Emeka',
  'Emma', 'Farah', 'Felix', 'Grace', 'Hana', 'Hugo', 'Ines', 'Isaac', 'Ivan', 'Jana', 'Jonas', 'Julia', 'Kai', 'Kenji',
  'Lara', 'Leila', 'Liam', 'Lucia', 'Malik', 'Maria', 'Mateo', 'Maya', 'Mei', 'Nadia', 'Noah', 'Nora', 'Olga', 'Omar',
  'Paula', 'Priya', 'Rafael', 'Rosa', 'Sami', 'Sara', 'Sofia', 'Tariq', 'Tomas', 'Uma', 'Victor', 'Wen', 'Yara', 'Yusuf',
  'Zara', 'Zoe',
];

const LAST_NAMES = [
  'Abbott', 'Adeyemi', 'Alvarez', 'Andersen', 'Baker', 'Bauer', 'Becker', 'Brown', 'Castro', 'Chen', 'Costa', 'Dubois',
  'Eriksson', 'Fischer', 'Garcia', 'Gupta', 'Haddad', 'Hansen', 'Hoffmann', 'Ivanova', 'Jensen', 'Kato', 'Khan', 'Kim',
  'Kowalski', 'Larsen', 'Lee', 'Lopez', 'Martin', 'Mensah', 'Meyer', 'Moreau', 'Nakamura', 'Nguyen', 'Novak', 'Okafor',
  'Olsen', 'Patel', 'Pereira', 'Petrov', 'Quinn', 'Rossi', 'Santos', 'Schmidt', 'Silva', 'Singh', 'Smith', 'Suzuki',
  'Tanaka', 'Torres', 'Varga', 'Wagner', 'Walker', 'Wang', 'Weber', 'Wilson', 'Yilmaz', 'Zhang',
];

const PROJECT_ADJECTIVES = [
  'Amber', 'Apollo', 'Atlas', 'Aurora', 'Beacon', 'Blue', 'Cedar', 'Cobalt', 'Coral', 'Crimson', 'Delta', 'Ember',
  'Falcon', 'Granite', 'Harbor', 'Helios', 'Indigo', 'Juniper', 'Kestrel', 'Lumen', 'Maple', 'Meridian', 'Nimbus',
  'Northwind', 'Onyx', 'Orion', 'Pacific', 'Polar', 'Quartz', 'Raven', 'Redwood', 'Sage', 'Sierra', 'Solstice',
  'Summit', 'Tidal', 'Titan', 'Vega', 'Willow', 'Zenith',
];

const PROJECT_NOUNS = [
  'Analytics', 'Billing', 'Booking', 'Catalog', 'Checkout', 'Compliance', 'Dashboard', 'Data Platform', 'Delivery',
  'Design System', 'Field Service', 'Fleet', 'Helpdesk', 'Insurance Portal', 'Intranet', 'Inventory', 'Logistics',
  'Marketplace', 'Mobile App', 'Onboarding', 'Payments', 'Payroll', 'Procurement', 'Rebrand', 'Recruiting', 'Reporting',
  'Scheduling', 'Search', 'Storefront', 'Telemetry', 'Ticketing', 'Warehouse', 'Website',
];

const TASK_VERBS = [
  'Add', 'Audit', 'Automate', 'Clean up', 'Configure', 'Debug', 'Design', 'Document', 'Draft', 'Fix', 'Implement',
  'Improve', 'Investigate', 'Migrate', 'Optimise', 'Prepare', 'Prototype', 'Refactor', 'Remove', 'Review', 'Rewrite',
  'Set up', 'Speed up', 'Test', 'Update', 'Upgrade', 'Validate',
];

const TASK_OBJECTS = [
  'invoice export', 'login page', 'password reset flow', 'search results', 'checkout form', 'monthly report',
  'customer onboarding emails', 'timezone handling', 'CSV import', 'PDF receipts', 'mobile navigation',
  'notification settings', 'database backups', 'API rate limits', 'audit trail', 'shipping labels', 'tax calculation',
  'currency rounding', 'dashboard charts', 'user permissions', 'order history', 'product catalogue', 'payment webhooks',
  'sprint board', 'release notes', 'error messages', 'accessibility labels', 'cache invalidation', 'session timeout',
  'deployment pipeline', 'load balancer', 'analytics events', 'translation files', 'support macros', 'data retention policy',
  'budget alerts', 'timesheet approval', 'project roles', 'file uploads', 'health checks',
];

const TASK_QUALIFIERS = [
  '', '', '', 'for enterprise customers', 'on mobile', 'in Safari', 'before the launch', 'for the quarterly review',
  'after the migration', 'for the new region', 'in the admin area', 'under heavy load', 'for screen readers',
  'in the billing module', 'for the partner API', 'on slow networks',
];

const DESCRIPTION_SENTENCES = [
  'Customers reported that the {object} behaves differently after the last release.',
  'The current {object} is slow when the account has many records.',
  'We need the {object} to follow the new brand guidelines.',
  'Legal asked us to review the {object} before the audit.',
  'Support sees several tickets a week about the {object}.',
  'Write tests that cover the edge cases of the {object}.',
  'Measure the response time before and after the change.',
  'Coordinate with the design team on spacing and colours.',
  'Check the behaviour across daylight saving time changes.',
  'Keep the old behaviour behind a feature flag until the rollout is done.',
  'Document the decision in the engineering handbook.',
  'The finance team depends on this for the monthly close.',
  'Pair with the on-call engineer to reproduce the problem.',
  'Update the onboarding guide once this ships.',
  'Make sure the export matches the numbers on the dashboard.',
  'Estimate the remaining work and flag risks early.',
];

const TAGS = [
  'backend', 'frontend', 'bug', 'feature', 'ops', 'design', 'docs', 'api', 'database', 'mobile', 'research', 'security',
  'performance', 'billing', 'ux', 'infra',
];

const ENTRY_DESCRIPTIONS = [
  'Code review', 'Pair programming', 'Stand-up and planning', 'Customer call', 'Bug triage', 'Writing tests',
  'Deployment', 'Investigating logs', 'Design review', 'Documentation', 'Sprint planning', 'Refactoring',
  'Performance profiling', 'Release preparation', 'Support ticket', 'Requirements workshop', 'Data migration',
  'Security review', 'Prototype', 'Retrospective',
];

module.exports = {
  FIRST_NAMES,
  LAST_NAMES,
  PROJECT_ADJECTIVES,
  PROJECT_NOUNS,
  TASK_VERBS,
  TASK_OBJECTS,
  TASK_QUALIFIERS,
  DESCRIPTION_SENTENCES,
  TAGS,
  ENTRY_DESCRIPTIONS,
};
