-- Drives Neovim's own LSP client against `postlint lsp`, headless:
--   POSTLINT=… POST=… OUT=… nvim --headless -u NONE -c "luafile neovim.lua"
-- Opens the post, waits for the diagnostics, writes them (line, byte column, code) to OUT,
-- applies the preferred quick fix of the PL501 finding, saves the post and quits.
-- Neovim 0.7 (Debian's) has no vim.lsp.start; start_client and buf_attach_client are the same.
local postlint, post, out = os.getenv("POSTLINT"), os.getenv("POST"), os.getenv("OUT")
local function fail(message)
  io.stderr:write("neovim.lua: " .. message .. "\n")
  vim.cmd("cquit 1")
end

vim.cmd("edit " .. vim.fn.fnameescape(post))
local buffer = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "postlint",
  cmd = { postlint, "lsp" },
  root_dir = vim.fn.fnamemodify(post, ":h:h"),
})
if not client_id then fail("the server did not start") end
vim.lsp.buf_attach_client(buffer, client_id)

local found = vim.wait(15000, function() return #vim.diagnostic.get(buffer) > 0 end, 50)
if not found then fail("no diagnostics within 15 s") end

local lines = {}
for _, d in ipairs(vim.diagnostic.get(buffer)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
  table.insert(lines, string.format("%d\t%d\t%d\t%s", d.lnum, d.col, d.end_col, code))
end
table.sort(lines)
local file = io.open(out, "w")
file:write(table.concat(lines, "\n") .. "\n")
file:close()

local client = vim.lsp.get_client_by_id(client_id)
local target
for _, d in ipairs(vim.diagnostic.get(buffer)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  if code == "PL501" then target = d end
end
if not target then fail("no PL501 finding") end
local params = vim.lsp.util.make_given_range_params({ target.lnum + 1, target.col }, { target.lnum + 1, target.col }, buffer, client.offset_encoding)
params.context = { diagnostics = {}, only = { "quickfix" } }
local response = client.request_sync("textDocument/codeAction", params, 10000, buffer)
if not response or response.err then fail("codeAction failed: " .. vim.inspect(response)) end
local applied = false
for _, action in ipairs(response.result or {}) do
  if action.isPreferred and action.title:find("PL501", 1, true) then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    applied = true
    break
  end
end
if not applied then fail("no preferred PL501 quick fix among " .. vim.inspect(response.result)) end
vim.cmd("write")
client.stop()
vim.cmd("qall!")
