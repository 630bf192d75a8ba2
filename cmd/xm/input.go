package main

import (
	"errors"
	"os"

	"github.com/xm-dev/xm/simulate"

	"github.com/xm-dev/xm/i18n"
)

// openQuestions opens a file of questions for simulate and diff. A folder,
// a device (/dev/zero never ends) or a socket is refused before it is
// opened; a named pipe is read, as a stream like standard input.
func openQuestions(name string) (*os.File, os.FileInfo, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, nil, usageErr(i18n.F("无法读取 %s: %v", "cannot read %s: %v", name, errText(err)), i18n.T("检查路径", "check the path"))
	}
	switch {
	case fi.IsDir():
		return nil, nil, usageErr(i18n.F("%s 是目录", "%s is a directory", name), i18n.T("给出问题文件，例如 tests/*.txt", "name question files, e.g. tests/*.txt"))
	case fi.Mode()&(os.ModeDevice|os.ModeCharDevice|os.ModeSocket) != 0:
		return nil, nil, usageErr(i18n.F("%s 是设备或套接字，不是问题文件", "%s is a device or a socket, not a file of questions", name),
			i18n.T("给出问题文件，例如 tests/*.txt；要从管道读，用 - 代表标准输入", "name question files, e.g. tests/*.txt; to read a stream, pass - for standard input"))
	}
	fh, err := os.Open(name)
	if err != nil {
		return nil, nil, usageErr(i18n.F("无法读取 %s: %v", "cannot read %s: %v", name, errText(err)), i18n.T("检查路径", "check the path"))
	}
	return fh, fi, nil
}

// notText words a reader that stopped on input that is not text.
func notText(err error) error {
	var nt *simulate.NotTextError
	if !errors.As(err, &nt) {
		return nil
	}
	return usageErr(i18n.F("%s:%d: %d 字节里没有换行，不是文本文件；已停止读取", "%s:%d: no line break in %d bytes: not a text file; stopped reading it", nt.File, nt.Line, nt.Bytes),
		i18n.T("给出每行一个问题的文本文件（.txt、.tsv、.csv、.jsonl）", "give a text file with one question a line (.txt, .tsv, .csv, .jsonl)"))
}
