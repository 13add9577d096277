"""Citizens' satisfaction ratings (criterion 5 of the model; TT 01/2018/TT-VPCP Arts. 12–14): a one-time link
or QR code to rate a service received, and a kiosk at the desk."""
