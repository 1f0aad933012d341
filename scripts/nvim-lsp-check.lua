-- Opens $PLAN_FILE in headless Neovim with the configuration docs/lsp.md
-- gives (0.7 API: vim.lsp.start_client from a FileType autocommand, with
-- `$PLANC lsp` for `planc lsp`), waits for the diagnostics and prints the
-- first one: code, 0-based line, the byte columns Neovim converted from
-- the server's UTF-16, and the text between them. Exits non-zero when no
-- diagnostic comes.
local planc = os.getenv('PLANC')
local file = os.getenv('PLAN_FILE')

-- As in docs/lsp.md.
vim.cmd([[autocmd BufRead,BufNewFile *.plan setfiletype plan]])
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'plan',
  callback = function(args)
    local client = vim.lsp.start_client({
      name = 'planc',
      cmd = { planc, 'lsp' },
      root_dir = vim.fn.fnamemodify(args.file, ':p:h'),
    })
    if client then
      vim.lsp.buf_attach_client(args.buf, client)
    end
  end,
})

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local got = vim.wait(60000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
if not got then
  io.stdout:write('FAIL: no diagnostics within 60 s (filetype: ' .. vim.bo.filetype .. ')\n')
  vim.cmd('cquit 1')
end
local d = vim.diagnostic.get(buf)[1]
local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
local text = string.sub(line, d.col + 1, d.end_col)
io.stdout:write(string.format('%s %d:%d-%d:%d %s\n', tostring(d.code), d.lnum, d.col, d.end_lnum, d.end_col, text))
for _, client in pairs(vim.lsp.get_active_clients()) do
  client.stop()
end
vim.cmd('qall!')
