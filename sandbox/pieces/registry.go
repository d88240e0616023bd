package pieces

// All lists every piece the sandbox runs. To add a piece, declare it in a
// file of its own (metadata, actions and trigger checks together, as
// webhook.go does) and add it here.
var All = []Piece{
	webhook,
	delay,
	httpPiece,
	store,
	tables,
	dataMapper,
	schedule,
}
