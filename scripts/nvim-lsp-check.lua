-- Opens $PLAN_FILE in headless Neovim (0.7 API: vim.lsp.start_client),
-- attaches `$PLANC lsp`, waits for the diagnostics and prints the first
-- one: code, 0-based line, byte columns as Neovim converted them from the
-- server's UTF-16, and the text between those columns. Exits non-zero
-- when no diagnostic comes.
local planc = os.getenv('PLANC')
local file = os.getenv('PLAN_FILE')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = 'planc',
  cmd = { planc, 'lsp' },
  root_dir = vim.fn.fnamemodify(file, ':p:h'),
})
if not client then
  io.stdout:write('FAIL: planc lsp did not start\n')
  vim.cmd('cquit 1')
end
vim.lsp.buf_attach_client(buf, client)
local got = vim.wait(60000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
if not got then
  io.stdout:write('FAIL: no diagnostics within 60 s\n')
  vim.cmd('cquit 1')
end
local d = vim.diagnostic.get(buf)[1]
local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
local text = string.sub(line, d.col + 1, d.end_col)
io.stdout:write(string.format('%s %d:%d-%d:%d %s\n', tostring(d.code), d.lnum, d.col, d.end_lnum, d.end_col, text))
vim.lsp.stop_client(client)
vim.cmd('qall!')
