// Command kijun runs Kijun: the web server and its administration commands.
// Everything it does lives in internal/cli; this file only connects it to the
// process.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"kijun/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := cli.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var exit cli.ExitError
		if errors.As(err, &exit) {
			fmt.Fprintln(os.Stderr, "kijun: "+exit.Error())
			os.Exit(exit.Code)
		}
		// One line, whatever the cause said: a person reads it, a script greps it.
		fmt.Fprintln(os.Stderr, "kijun: "+strings.Join(strings.Fields(err.Error()), " "))
		os.Exit(1)
	}
}
