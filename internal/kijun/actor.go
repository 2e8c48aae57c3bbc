package kijun

import "context"

// Actor is who causes a change: a person, a service account, or Kijun itself.
// Every ledger record names one.
type Actor struct {
	// ID is stable and unique, such as "person:1234" or "system".
	ID string
	// OnBehalfOf is the role holder a deputy acts for (3.2.11, 9.3), or "".
	OnBehalfOf string
}

// SystemID is the actor ID for changes Kijun makes by itself, such as migrations.
const SystemID = "system"

type actorKey struct{}

// WithActor returns a context that carries a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or Kijun itself (SystemID) when there is none.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && a.ID != "" {
		return a
	}
	return Actor{ID: SystemID}
}
