"""The ICT Service Desk's rules (plain Python): devices, incidents, returns, leavers, deadlines."""
