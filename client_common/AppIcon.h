#pragma once

#include <QIcon>

// The programs' icons: a speech bubble, with dots for the chat client and
// log lines for the admin console, in the themes' accent colours. Drawn
// rather than shipped as image files, so it is sharp at every size the
// desktop asks for (title bar, task switcher, tray) and needs no plugin.
enum class AppIconKind { Chat, Console };

QIcon appIcon(AppIconKind kind);
