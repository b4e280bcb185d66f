"""The conversation on an order: messages with the customer and internal staff notes."""
