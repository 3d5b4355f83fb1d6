int pktop_ui_placeholder;
