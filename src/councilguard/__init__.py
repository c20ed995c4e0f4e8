"""CouncilGuard: councillors' e-mails and posts checked against their council's protocols."""

__version__ = "0.1.0"
