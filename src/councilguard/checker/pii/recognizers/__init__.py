"""The recognizers added for UK casework as people write it, one a module, each a
Presidio recognizer. Which are registered, at which stage, with which score and
context words, is configuration: ``../recognizers.yaml`` (read by ``analyzer``).

Stage ``pattern`` recognizers read the whole draft with the other regular
expressions; stage ``names`` recognizers read only the windows around personal details
that spaCy's NER reads too (``scan``), since a name matters only next to a detail.
"""
