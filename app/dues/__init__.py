"""党费: the rates, yearly 核定, monthly collection, arrears, 上缴 and the registers."""
