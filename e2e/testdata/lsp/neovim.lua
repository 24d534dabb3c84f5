-- Headless Neovim session for e2e.TestLSPNeovim: Neovim's built-in LSP
-- client (0.7 or later) runs "conclint lsp", opens a file of the demo,
-- waits for conclint's diagnostics, then adds a //conclint:ignore line
-- above the doublelock report, saves, and waits for the report to go.
-- Everything seen is written as JSON to $CONCLINT_OUT.
local bin, file, out = os.getenv("CONCLINT_BIN"), os.getenv("CONCLINT_FILE"), os.getenv("CONCLINT_OUT")
local line = tonumber(os.getenv("CONCLINT_LINE")) -- 1-based line of the doublelock report
local want = vim.split(os.getenv("CONCLINT_WANT"), ",") -- analyzers the package's files report
local timeout = 150000
local result = {}

local function finish()
  local f = assert(io.open(out, "w"))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd("qall!")
end

local function lspdata(d)
  return (d.user_data or {}).lsp or {}
end

local function collect()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get()) do
    local lsp = lspdata(d)
    table.insert(list, {
      file = vim.api.nvim_buf_get_name(d.bufnr),
      lnum = d.lnum,
      col = d.col,
      message = d.message,
      source = d.source,
      code = d.code or lsp.code,
      href = lsp.codeDescription and lsp.codeDescription.href or "",
      related = lsp.relatedInformation or {},
    })
  end
  return list
end

local function has(code)
  for _, d in ipairs(vim.diagnostic.get()) do
    if (d.code or lspdata(d).code) == code then
      return true
    end
  end
  return false
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local id = vim.lsp.start_client({
    name = "conclint",
    cmd = { bin, "lsp" },
    root_dir = vim.fn.fnamemodify(file, ":h"),
  })
  if not id then
    result.error = "the LSP client did not start"
    return
  end
  vim.lsp.buf_attach_client(0, id)
  local function all()
    for _, code in ipairs(want) do
      if not has(code) then
        return false
      end
    end
    return true
  end
  if not vim.wait(timeout, all, 100) then
    result.error = "not every expected diagnostic came after opening the file"
    result.initial = collect()
    return
  end
  result.initial = collect()

  vim.api.nvim_buf_set_lines(0, line - 1, line - 1, false, { "\t//conclint:ignore doublelock silenced by the test, on save" })
  vim.cmd("write")
  if not vim.wait(timeout, function() return not has("doublelock") end, 100) then
    result.error = "the doublelock diagnostic is still there after the save"
  end
  result.after_save = collect()
  vim.lsp.stop_client(id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
end)
if not ok then
  result.error = tostring(err)
end
finish()
