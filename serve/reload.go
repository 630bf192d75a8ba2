package serve

import (
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/lint"
	"github.com/xm-dev/xm/schema"
)

// maxWatched bounds the files a project's fingerprint covers.
const maxWatched = 20000

// fingerprint is what the poller compares: each watched file's path, size
// and modification time (and, for a bundle, its identity, so a file
// renamed over it counts even with the same size and time).
type fingerprint struct {
	files []fileStamp
	fi    os.FileInfo
}

type fileStamp struct {
	path string
	size int64
	mod  time.Time
}

func (s *Server) sourceKind() string {
	if s.cfg.Bundle != "" {
		return "bundle"
	}
	return "project"
}

func (s *Server) sourcePath() string {
	if s.cfg.Bundle != "" {
		return s.cfg.Bundle
	}
	return s.cfg.Project
}

// stamp takes the source's fingerprint now.
func (s *Server) stamp() fingerprint {
	if s.cfg.Bundle != "" {
		fi, _ := os.Stat(s.cfg.Bundle)
		return fingerprint{fi: fi}
	}
	var fp fingerprint
	filepath.WalkDir(s.cfg.Project, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a folder that vanished mid-walk: the next poll sees it
		}
		name := d.Name()
		if d.IsDir() {
			if path != s.cfg.Project && (strings.HasPrefix(name, ".") || name == "dist" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if ext := filepath.Ext(name); ext != ".yaml" && ext != ".yml" {
			return nil
		}
		if len(fp.files) >= maxWatched {
			return filepath.SkipAll
		}
		if fi, err := d.Info(); err == nil {
			fp.files = append(fp.files, fileStamp{path: path, size: fi.Size(), mod: fi.ModTime()})
		}
		return nil
	})
	return fp
}

func (f fingerprint) equal(g fingerprint) bool {
	if (f.fi == nil) != (g.fi == nil) {
		return false
	}
	if f.fi != nil && (!os.SameFile(f.fi, g.fi) || f.fi.Size() != g.fi.Size() || !f.fi.ModTime().Equal(g.fi.ModTime())) {
		return false
	}
	return slices.EqualFunc(f.files, g.files, func(a, b fileStamp) bool {
		return a.path == b.path && a.size == b.size && a.mod.Equal(b.mod)
	})
}

// changed reports whether the source differs from what the last load saw.
func (s *Server) changed() bool {
	s.reload.Lock()
	defer s.reload.Unlock()
	return !s.stamp().equal(s.watch)
}

// Reload loads the project (lint, then compile) or the bundle file again.
// On success the new bundle answers every request that starts afterwards;
// on failure the last good bundle keeps answering and the status carries
// the findings or the error. It returns the new status.
func (s *Server) Reload() *Status {
	s.reload.Lock()
	defer s.reload.Unlock()
	s.watch = s.stamp() // before reading, so an edit during the load is seen next poll
	prev := s.state.Load()
	st := &Status{Source: prev.Source, Path: prev.Path, Generation: prev.Generation + 1, Findings: []Finding{}}
	now := time.Now()
	var l *loaded
	var fail i18n.Text
	if s.cfg.Bundle != "" {
		l, fail = s.loadBundle()
	} else {
		var ds []diag.Diagnostic
		l, ds, fail = s.loadProject()
		st.Findings, st.Errors, st.Warnings = findings(ds)
	}
	st.LastLoad = &LoadResult{At: now, OK: l != nil}
	if l != nil {
		l.loadedAt = time.Now()
		first := s.cur.Swap(l) == nil
		if !first {
			s.metrics.reloads.Add(1)
		}
		s.cfg.Log.Info(i18n.T("已加载匹配包", "bundle loaded").In(s.cfg.Lang), "source", st.Source, "path", st.Path,
			"source_sha256", l.hash, "scripts", len(l.b.Scripts), "warnings", st.Warnings)
	} else {
		st.LastLoad.Error = apiErr("load_failed", fail)
		if prev.Generation > 0 {
			s.metrics.reloadFailures.Add(1)
		}
		s.cfg.Log.Warn(i18n.T("加载失败，继续使用上一个匹配包", "load failed; the last good bundle keeps answering").In(s.cfg.Lang),
			"source", st.Source, "path", st.Path, "error", fail.In(s.cfg.Lang), "errors", st.Errors)
	}
	if cur := s.cur.Load(); cur != nil {
		st.Ready = true
		st.Bundle = info(cur)
	}
	s.state.Store(st)
	return st
}

func (s *Server) loadBundle() (*loaded, i18n.Text) {
	path := s.cfg.Bundle
	b, err := bot.Load(path)
	if err != nil {
		var ce *bot.CorruptError
		var ne *bot.NewerError
		var oe *bot.OlderError
		switch {
		case errors.As(err, &oe):
			return nil, i18n.F("%s: 匹配包格式版本 %d 是旧版 xm 写的（这个 xm 只读版本 %d），请用 xm compile 重新生成。", "%s: bundle format %d was written by an older xm (this one reads format %d); rebuild it with xm compile", path, oe.Version, bot.FormatVersion)
		case errors.As(err, &ne):
			return nil, i18n.F("%s: 匹配包格式版本 %d 比这个 xm 新（它只读到版本 %d），请升级 xm。", "%s: bundle format %d is newer than this xm reads (%d); update xm", path, ne.Version, bot.FormatVersion)
		case errors.As(err, &ce):
			return nil, i18n.F("%s: 匹配包已损坏：%s。请用 xm compile 重新生成。", "%s: corrupt bundle: %s; rebuild it with xm compile", path, ce.Reason)
		case errors.Is(err, bot.ErrNotBundle):
			return nil, i18n.F("%s 不是 xm 匹配包，需要 xm compile 生成的 .xmb 文件。", "%s is not an xm bundle; serve a .xmb file written by xm compile", path)
		}
		return nil, i18n.F("无法读取匹配包 %s:%v", "cannot read bundle %s: %v", path, pathErr(err))
	}
	l := &loaded{b: b, hash: hex.EncodeToString(b.SourceHash[:])}
	if fi, err := os.Stat(path); err == nil {
		l.builtAt = fi.ModTime()
	}
	return l, i18n.Text{}
}

func (s *Server) loadProject() (*loaded, []diag.Diagnostic, i18n.Text) {
	p, err := schema.Load(s.cfg.Project)
	if err != nil {
		return nil, nil, i18n.F("无法加载项目 %s:%v", "cannot load the project in %s: %v", s.cfg.Project, pathErr(err))
	}
	ds := lint.Run(p, lint.Options{Now: s.cfg.Now()})
	if e, _, _ := diag.Count(ds); e > 0 {
		return nil, ds, i18n.F("项目有 %d 个错误，未重新编译；修好后保存即可自动加载。", "the project has %d error(s); not recompiled: fix them and save to reload", e)
	}
	b, err := compile.Build(p)
	if err != nil {
		return nil, ds, i18n.F("无法编译：%v", "cannot compile: %v", err)
	}
	return &loaded{b: b, hash: hex.EncodeToString(b.SourceHash[:]), builtAt: time.Now()}, ds, i18n.Text{}
}

func info(l *loaded) *BundleInfo {
	b := l.b
	bi := &BundleInfo{SourceSHA256: l.hash, Shop: b.Shop, Category: b.Category, Timezone: b.Timezone, Scripts: len(b.Scripts),
		Triggers: len(b.Triggers), Keywords: b.NumPatterns(), Events: []string{}, BuiltAt: l.builtAt, LoadedAt: l.loadedAt}
	for _, t := range b.Triggers {
		if t.Event != "" && !slices.Contains(bi.Events, t.Event) {
			bi.Events = append(bi.Events, t.Event)
		}
	}
	return bi
}

func pathErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
