"""Background work on Django's Tasks API (django-tasks, database backend).

Archive scans and the daily duties run as tasks in ``councilguard worker`` processes, never
in the web server. This app adds what the database backend leaves to its users: workers
that say they are alive, tasks of a worker that died handed to the next one, and the daily
duties enqueued once a day however many workers run. See docs/task-queue.md.
"""
