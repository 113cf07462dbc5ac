#pragma once

#include <QString>

#include "models/ChatMessage.h"

// How one message reads in a conversation: rich text for the view (time,
// sender, text, a Download link for files, a sent/failed mark on our own)
// and the same as one plain line for copying.
QString messageHtml(const ChatMessage& message, const QString& ownNick);
QString messagePlainText(const ChatMessage& message, const QString& ownNick);

// "waves" of "\x01ACTION waves\x01" (CTCP ACTION, as IRC writes "/me");
// null when the text is not one.
QString actionText(const QString& text);
