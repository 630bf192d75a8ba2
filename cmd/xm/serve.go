package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/serve"
)

type serveFlags struct {
	bundle, addr, logFormat string
	maxBody                 int64
	poll, shutdown          time.Duration
}

func newServeCmd(e *env) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve [PATH]",
		Short: "Run the bot as an HTTP service with a test console / 以 HTTP 服务运行机器人（带测试窗）",
		Long: `Serve the bot over HTTP: POST /v1/answer and /v1/answer:batch, GET
/v1/explain, /v1/status, /healthz, /readyz, /metrics (Prometheus) and the
test console at /. With a project (the default), every saved change is
linted and compiled; a good build replaces the bundle atomically, a broken
one keeps the last good bundle answering and shows the findings. With
--bundle, the file is reloaded when a new one is renamed over it, or on
SIGHUP. SIGTERM or SIGINT stops accepting, finishes the requests in flight
and exits 0. See docs/serve.md.`,
		Example: `  xm serve                          # the project here, on 127.0.0.1:8080
  xm serve -C my-shop --addr :8080  # every interface (behind a proxy or in a container)
  xm serve --bundle dist/shop.xmb --log-format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runServe(cmd.Context(), e, f, args) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.bundle, "bundle", "", "serve a compiled bundle `FILE` instead of the project")
	fl.StringVar(&f.addr, "addr", serve.DefaultAddr, "`HOST:PORT` to listen on (port 0 picks a free one)")
	fl.StringVar(&f.logFormat, "log-format", "text", "access and reload log on stderr: text or json")
	fl.Int64Var(&f.maxBody, "max-body", serve.DefaultMaxBody, "largest request body, in `BYTES`")
	fl.DurationVar(&f.poll, "poll", serve.DefaultPoll, "how often to check the project or bundle for changes (0 turns it off)")
	fl.DurationVar(&f.shutdown, "shutdown-timeout", serve.DefaultShutdownTimeout, "how long to wait for requests in flight when stopping")
	return cmd
}

func runServe(ctx context.Context, e *env, f serveFlags, args []string) error {
	if err := checkFormat(f.logFormat, "text", "json"); err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	cfg := serve.Config{Lang: e.lang, MaxBody: f.maxBody, ShutdownTimeout: f.shutdown, Poll: f.poll}
	if f.poll == 0 {
		cfg.Poll = -1
	}
	if e.nowFlag != "" {
		now := e.now
		cfg.Now = func() time.Time { return now }
	}
	var h slog.Handler = slog.NewTextHandler(e.stderr, nil)
	if f.logFormat == "json" {
		h = slog.NewJSONHandler(e.stderr, nil)
	}
	cfg.Log = slog.New(h)
	shown := f.bundle
	if f.bundle != "" {
		if len(args) > 0 {
			return usageErr(i18n.T("--bundle 和项目路径只能二选一", "give --bundle or a project path, not both"), i18n.Text{})
		}
		if _, err := loadBundle(f.bundle); err != nil {
			return err
		}
		cfg.Bundle, _ = filepath.Abs(f.bundle)
	} else {
		ts, err := resolve(args)
		if err != nil {
			return err
		}
		if len(ts) > 1 {
			return usageErr(i18n.T("这些路径属于不同的项目，一次只能处理一个", "these paths belong to different projects; name one at a time"), i18n.Text{})
		}
		cfg.Project, shown = ts[0].root, ts[0].root
	}
	s, err := serve.New(cfg)
	if err != nil {
		var le *serve.LoadError
		if errors.As(err, &le) {
			return usageErr(le.Msg, i18n.Text{})
		}
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return usageErr(i18n.F("无法监听 %s:%v", "cannot listen on %s: %v", f.addr, errText(err)),
			i18n.T("换一个端口（--addr 127.0.0.1:8081），或停掉占用它的程序", "pick another port (--addr 127.0.0.1:8081) or stop the program using it"))
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	go func() {
		// Once stopping, a second Ctrl+C ends the process at once.
		<-ctx.Done()
		stop()
	}()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				s.Reload()
			}
		}
	}()
	st := s.Status()
	if st.Errors > 0 {
		fmt.Fprintln(e.stderr, i18n.F("xm serve: 项目有 %d 个错误（见测试窗或 /v1/status），修好前不回答；保存后自动重新加载。",
			"xm serve: the project has %d error(s) (see the console or /v1/status); nothing is answered until they are fixed and saved", st.Errors).In(e.lang))
	}
	fmt.Fprintln(e.stderr, i18n.F("xm serve: %s 已启动，测试窗 http://%s/（Ctrl+C 停止）", "xm serve: serving %s on http://%s/ (Ctrl+C to stop)", shown, ln.Addr()).In(e.lang))
	if err := s.Run(ctx, ln); err != nil {
		return usageErr(i18n.F("服务出错：%v", "serving failed: %v", err), i18n.Text{})
	}
	fmt.Fprintln(e.stderr, i18n.T("xm serve: 已停止", "xm serve: stopped").In(e.lang))
	return nil
}
