#pragma once

#include <QDate>
#include <QString>

#include "models/ChatMessage.h"

// How one message reads in a conversation: rich text for the view (time,
// sender, text, a Download link for files, a sent/failed mark on our own)
// and the same as one plain line for copying.
QString messageHtml(const ChatMessage& message, const QString& ownNick);
QString messagePlainText(const ChatMessage& message, const QString& ownNick);

// The line that opens a new day in a conversation: "Friday, 4 December 2026".
QString dayHeading(const QDate& day);

// A nick's colour, the same for the same nick everywhere, readable on the
// light and the dark theme.
QString nickColour(const QString& nick);
// The reader's own nick: a colour no other nick gets.
QString ownNickColour();

// Message text as rich text: escaped, line breaks kept, web addresses as
// links, and `ownNick` marked where it is mentioned.
QString richBody(const QString& text, const QString& ownNick);

// "waves" of "\x01ACTION waves\x01" (CTCP ACTION, as IRC writes "/me");
// null when the text is not one.
QString actionText(const QString& text);
