"""Casework rules as plain Python (no Django): the deadlines of a code-of-conduct
complaint in working days, the retention schedule, abuse classification from the
checker's findings and course-of-conduct linking, the evidence pack's hashes, and
reading the comments others leave on a councillor's page from platform exports.

The web application's casework app holds the records and the workflows; it asks these
modules what is due, what a message is, and what to do next.
"""
