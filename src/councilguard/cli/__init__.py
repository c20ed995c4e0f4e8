"""The ``councilguard`` command: check | rules | scan | serve | deadlines | worker.

``cli.main`` holds check and rules and builds the parser (the console script runs
``councilguard.cli.main:main``); ``cli.errors`` holds what every subcommand shares (exit
statuses, ``BadInput``). The subcommands that live beside their areas import only
``cli.errors``, which imports nothing of the CLI, so no import runs in a circle.
"""
