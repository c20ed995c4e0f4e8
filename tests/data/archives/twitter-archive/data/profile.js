window.YTD.profile.part0 = [
  {
    "profile": {
      "description": {
        "bio": "West Ward councillor. Views my own."
      }
    }
  }
]