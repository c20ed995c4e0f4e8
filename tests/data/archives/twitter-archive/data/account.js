window.YTD.account.part0 = [
  {
    "account": {
      "username": "CllrAnnaWebb",
      "accountDisplayName": "Cllr Anna Webb"
    }
  }
]