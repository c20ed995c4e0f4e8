window.YTD.tweets.part0 = [
  {
    "tweet": {
      "id_str": "1900000000000000001",
      "created_at": "Sat Mar 14 10:02:11 +0000 2026",
      "full_text": "Great to see so many families at the West Ward fun day. Thank you to the park rangers &amp; volunteers!",
      "entities": {}
    }
  },
  {
    "tweet": {
      "id_str": "1900000000000000002",
      "created_at": "Tue Mar 17 21:48:09 +0000 2026",
      "full_text": "The portfolio holder for housing is a spineless coward who hides behind his officers.",
      "entities": {}
    }
  },
  {
    "tweet": {
      "id_str": "1900000000000000003",
      "created_at": "Wed Apr 01 07:30:00 +0000 2026",
      "full_text": "Pothole on Mill Street reported - thanks for flagging it @millstreetres",
      "in_reply_to_screen_name": "millstreetres",
      "extended_entities": {
        "media": [
          {
            "media_url_https": "https://pbs.twimg.com/media/pothole.jpg"
          }
        ]
      }
    }
  }
]