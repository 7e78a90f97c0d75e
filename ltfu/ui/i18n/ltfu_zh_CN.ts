<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../dialogs.py" line="67" />
        <source>What will happen</source>
        <translation>将会发生什么</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="70" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>AlertsPanel</name>
    <message>
        <location filename="../widgets.py" line="126" />
        <source>Safety alerts</source>
        <translation>安全警报</translation>
    </message>
    <message>
        <location filename="../widgets.py" line="133" />
        <source>Show or hide every alert in a table</source>
        <translation>在表格中显示或隐藏全部警报</translation>
    </message>
    <message>
        <location filename="../widgets.py" line="137" />
        <source>All safety alerts</source>
        <translation>全部安全警报</translation>
    </message>
    <message>
        <location filename="../widgets.py" line="159" />
        <source>All {0} alerts ({1} more)…</source>
        <translation>全部 {0} 条警报（另有 {1} 条）…</translation>
    </message>
    <message>
        <location filename="../widgets.py" line="176" />
        <source>BLOCKING SAFETY ALERT</source>
        <translation>阻断性安全警报</translation>
    </message>
    <message>
        <location filename="../widgets.py" line="176" />
        <source>Alert</source>
        <translation>警报</translation>
    </message>
    <message>
        <location filename="../widgets.py" line="197" />
        <source>Open the chart of {0}</source>
        <translation>打开 {0} 的病历</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../audit_page.py" line="26" />
        <location filename="../audit_page.py" line="46" />
        <source>Audit trail</source>
        <translation>审计追踪</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="29" />
        <source>The latest {0} entries. Every entry is chained to the one before it; `ltfu check` verifies the chain, and the full trail is part of the export. Names and addresses are audited by field only.</source>
        <translation>最近 {0} 条记录。每条记录都与前一条链接；`ltfu check` 可校验整条链，完整的审计追踪包含在导出中。姓名和地址只按字段名记录审计。</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="36" />
        <source>subject, user, field, reason …</source>
        <translation>受试者、用户、字段、原因 …</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="37" />
        <source>Filter the audit trail</source>
        <translation>筛选审计追踪</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="38" />
        <source>&amp;Filter:</source>
        <translation>筛选(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="40" />
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../dialogs.py" line="446" />
        <source>Record a contact attempt: {0}</source>
        <translation>记录联系尝试：{0}</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="446" />
        <source>&amp;Record attempt</source>
        <translation>记录尝试(&amp;R)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="452" />
        <source>Date of the attempt</source>
        <translation>尝试日期</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="453" />
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="455" />
        <source>Channel</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="458" />
        <source>&amp;Channel:</source>
        <translation>方式(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="460" />
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="464" />
        <source>&amp;Outcome:</source>
        <translation>结果(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="466" />
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="467" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="468" />
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="475" />
        <source>The date {0} is in the future (today is {1}).</source>
        <translation>日期 {0} 在未来（今天是 {1}）。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../errors.py" line="51" />
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../errors.py" line="56" />
        <source>Something went wrong</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <location filename="../errors.py" line="57" />
        <source>An unexpected problem ({0}) stopped this action; nothing else was changed. The details are in the log file. You can go on working.</source>
        <translation>意外问题（{0}）中止了此操作；其他内容均未更改。详细信息已写入日志文件。您可以继续工作。</translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <location filename="../dialogs.py" line="302" />
        <source>Record an event: {0}</source>
        <translation>记录事件：{0}</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="302" />
        <source>&amp;Record event</source>
        <translation>记录事件(&amp;R)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="307" />
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="310" />
        <source>&amp;Event:</source>
        <translation>事件(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="312" />
        <source>Event date</source>
        <translation>事件日期</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="313" />
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="322" />
        <source>Response</source>
        <translation>疗效</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="323" />
        <source>&amp;MRD negative (&lt; 0.01%)</source>
        <translation>MRD 阴性（&lt; 0.01%）(&amp;M)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="324" />
        <source>Res&amp;ponse:</source>
        <translation>疗效(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="332" />
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="335" />
        <source>{0} status</source>
        <translation>{0} 状态</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="336" />
        <source>&amp;Lineage switch</source>
        <translation>谱系转换(&amp;L)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="337" />
        <source>CD&amp;19:</source>
        <translation>CD19(&amp;1)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="338" />
        <source>CD&amp;22:</source>
        <translation>CD22(&amp;2)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="344" />
        <source>Cause of death</source>
        <translation>死亡原因</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="345" />
        <source>&amp;Cause:</source>
        <translation>原因(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="350" />
        <source>Withdrawal scope</source>
        <translation>退出范围</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="353" />
        <source>&amp;Withdrawn from:</source>
        <translation>退出(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="358" />
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="359" />
        <location filename="../dialogs.py" line="364" />
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="360" />
        <source>De&amp;tail:</source>
        <translation>详情(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="365" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="366" />
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="389" />
        <source>The date {0} is in the future (today is {1}).</source>
        <translation>日期 {0} 在未来（今天是 {1}）。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="391" />
        <source>Give the cause of death.</source>
        <translation>请填写死亡原因。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="397" />
        <source>Every later visit will be cancelled (death), and the subject leaves the letter run.</source>
        <translation>之后的所有访视都将取消（死亡），该受试者不再收到信件。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="400" />
        <source>Treatment only: visits go on. Visits: later visits become survival phone contacts. Everything: every later visit is cancelled.</source>
        <translation>仅治疗：访视继续。访视：之后的访视改为生存电话随访。全部：之后的所有访视都取消。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="404" />
        <source>Efficacy assessments (disease, PK, HAMA) stop; survival, safety, B cells and RCL go on.</source>
        <translation>疗效评估（疾病、PK、HAMA）停止；生存、安全性、B 细胞和 RCL 继续。</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../import_page.py" line="122" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="125" />
        <source>CSV files (UTF-8, header row, ISO dates). A file with any bad row changes nothing; every bad row is listed with its line number.</source>
        <translation>CSV 文件（UTF-8、带表头行、ISO 日期）。文件中只要有一行有误，就不会做任何更改；每个错误行都会列出其行号。</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="130" />
        <source>&amp;Choose file…</source>
        <translation>选择文件(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="131" />
        <source>Pick the CSV file to import</source>
        <translation>选择要导入的 CSV 文件</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="132" />
        <source>No file chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="133" />
        <source>Chosen file</source>
        <translation>已选文件</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="135" />
        <source>Kind of file</source>
        <translation>文件类型</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="136" />
        <source>Guessed from the header row; change it if the guess is wrong</source>
        <translation>根据表头行推测；如推测有误请更改</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="139" />
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="141" />
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="143" />
        <source>Check every row and import the file, or nothing</source>
        <translation>检查每一行并导入整个文件，否则什么都不导入</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="146" />
        <source>Import result</source>
        <translation>导入结果</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="151" />
        <source>Preview of the file</source>
        <translation>文件预览</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="156" />
        <location filename="../import_page.py" line="161" />
        <source>Rows refused</source>
        <translation>被拒绝的行</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="167" />
        <source>First rows of the file</source>
        <translation>文件的前几行</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="187" />
        <source>Subjects (enrolment)</source>
        <translation>受试者（入组）</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="188" />
        <source>Visit history</source>
        <translation>访视记录</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="189" />
        <source>Laboratory results</source>
        <translation>实验室结果</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="190" />
        <source>Clinical events</source>
        <translation>临床事件</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="196" />
        <source>Choose a CSV file</source>
        <translation>选择 CSV 文件</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="196" />
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="221" />
        <source>The first {0} rows; the import checks them all.</source>
        <translation>前 {0} 行；导入时会检查所有行。</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="223" />
        <source>{0} rows.</source>
        <translation>{0} 行。</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="231" />
        <source>The header does not look like any known file; choose the kind, the import will name the columns it misses.</source>
        <translation>表头与任何已知文件都不符；请选择类型，导入时会指出缺少的列。</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="265" />
        <location filename="../import_page.py" line="267" />
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="272" />
        <source>Imported: {0}</source>
        <translation>已导入：{0}</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="284" />
        <source>Nothing was imported: {0} has {1} bad row(s), listed below. Fix them and import again.</source>
        <translation>未导入任何内容：{0} 有 {1} 个错误行（见下方列表）。请修正后重新导入。</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="289" />
        <source>Nothing was imported: {0}</source>
        <translation>未导入任何内容：{0}</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="293" />
        <source>Nothing was imported.</source>
        <translation>未导入任何内容。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="83" />
        <location filename="../main_window.py" line="148" />
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="85" />
        <source>Letters, schedules and the annual status report are coming to this screen. Until then the command line makes them: ltfu letters, ltfu report schedule, ltfu report annual (see ltfu --help).</source>
        <translation>信件、访视计划表和年度状态报告即将在此界面提供。在此之前请使用命令行生成：ltfu letters、ltfu report schedule、ltfu report annual（参见 ltfu --help）。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="95" />
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="109" />
        <source>{0} (Ctrl+{1})</source>
        <translation>{0}（Ctrl+{1}）</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="124" />
        <location filename="../main_window.py" line="243" />
        <source>opening database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="125" />
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="127" />
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="128" />
        <source>Today: {0}</source>
        <translation>今天：{0}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="129" />
        <source>Today's date</source>
        <translation>今天的日期</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="137" />
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="146" />
        <source>Worklist</source>
        <translation>工作清单</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="147" />
        <source>Subjects</source>
        <translation>受试者</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="149" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="150" />
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="151" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="155" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="156" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="161" />
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="169" />
        <source>&amp;Find subject…</source>
        <translation>查找受试者(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="174" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="175" />
        <source>&amp;About ltfu</source>
        <translation>关于 ltfu(&amp;A)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="200" />
        <source>not open</source>
        <translation>未打开</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="202" />
        <source>&lt;b&gt;ltfu {0}&lt;/b&gt;&lt;br&gt;Long-term follow-up of cell-therapy trial subjects.&lt;br&gt;&lt;br&gt;Data: {1}&lt;br&gt;Settings: {2}&lt;br&gt;Log: {3}&lt;br&gt;&lt;br&gt;Python {4}, PySide6 {5} (Qt {6}), SQLAlchemy {7}</source>
        <translation>&lt;b&gt;ltfu {0}&lt;/b&gt;&lt;br&gt;细胞治疗试验受试者的长期随访。&lt;br&gt;&lt;br&gt;数据：{1}&lt;br&gt;设置：{2}&lt;br&gt;日志：{3}&lt;br&gt;&lt;br&gt;Python {4}，PySide6 {5}（Qt {6}），SQLAlchemy {7}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="217" />
        <source>About ltfu</source>
        <translation>关于 ltfu</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="250" />
        <source>Database: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="252" />
        <source>User: {0}</source>
        <translation>用户：{0}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="264" />
        <source>No database</source>
        <translation>无数据库</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="269" />
        <source>The database could not be opened ({0}); the details are in the log file.</source>
        <translation>无法打开数据库（{0}）；详细信息已写入日志文件。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="272" />
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
</context>
<context>
    <name>Models</name>
    <message>
        <location filename="../models.py" line="186" />
        <source>Overdue {0}</source>
        <translation>逾期 {0}</translation>
    </message>
    <message>
        <location filename="../models.py" line="188" />
        <source>Due, {0} left</source>
        <translation>到期，剩余 {0}</translation>
    </message>
    <message>
        <location filename="../models.py" line="189" />
        <source>Upcoming, opens in {0}</source>
        <translation>即将到来，{0}后开始</translation>
    </message>
    <message>
        <location filename="../models.py" line="194" />
        <source>Overdue: the window closed on {0}, {1} ago; not done and not closed.</source>
        <translation>逾期：窗口已于 {0} 关闭（{1}前）；尚未完成也未关闭。</translation>
    </message>
    <message>
        <location filename="../models.py" line="198" />
        <source>Due now: the window is open until {0}.</source>
        <translation>现已到期：窗口开放至 {0}。</translation>
    </message>
    <message>
        <location filename="../models.py" line="201" />
        <source>Upcoming: the window opens on {0}.</source>
        <translation>即将到来：窗口于 {0} 开放。</translation>
    </message>
    <message>
        <location filename="../models.py" line="212" />
        <location filename="../models.py" line="311" />
        <location filename="../models.py" line="448" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../models.py" line="218" />
        <location filename="../models.py" line="259" />
        <location filename="../models.py" line="295" />
        <location filename="../models.py" line="641" />
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <location filename="../models.py" line="219" />
        <location filename="../models.py" line="260" />
        <location filename="../models.py" line="296" />
        <source>Site</source>
        <translation>中心</translation>
    </message>
    <message>
        <location filename="../models.py" line="220" />
        <source>Dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <location filename="../models.py" line="221" />
        <location filename="../models.py" line="435" />
        <source>Visit</source>
        <translation>访视</translation>
    </message>
    <message>
        <location filename="../models.py" line="223" />
        <location filename="../models.py" line="440" />
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../models.py" line="226" />
        <location filename="../models.py" line="443" />
        <source>Nominal date {0}</source>
        <translation>计划日期 {0}</translation>
    </message>
    <message>
        <location filename="../models.py" line="230" />
        <location filename="../models.py" line="455" />
        <source>Mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../models.py" line="232" />
        <location filename="../models.py" line="457" />
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <location filename="../models.py" line="278" />
        <source>RCL positive</source>
        <translation>RCL 阳性</translation>
    </message>
    <message>
        <location filename="../models.py" line="280" />
        <source>{0} overdue</source>
        <translation>{0} 项逾期</translation>
    </message>
    <message>
        <location filename="../models.py" line="297" />
        <source>Dose level</source>
        <translation>剂量组</translation>
    </message>
    <message>
        <location filename="../models.py" line="299" />
        <source>Infusion</source>
        <translation>回输</translation>
    </message>
    <message>
        <location filename="../models.py" line="304" />
        <source>Years</source>
        <translation>年数</translation>
    </message>
    <message>
        <location filename="../models.py" line="307" />
        <source>Years of follow-up since the first infusion</source>
        <translation>自首次回输以来的随访年数</translation>
    </message>
    <message>
        <location filename="../models.py" line="316" />
        <source>Next visit</source>
        <translation>下次访视</translation>
    </message>
    <message>
        <location filename="../models.py" line="323" />
        <source>Alerts</source>
        <translation>警报</translation>
    </message>
    <message>
        <location filename="../models.py" line="436" />
        <location filename="../models.py" line="599" />
        <source>unscheduled</source>
        <translation>计划外</translation>
    </message>
    <message>
        <location filename="../models.py" line="452" />
        <location filename="../models.py" line="466" />
        <source>Done out of its window</source>
        <translation>在窗口外完成</translation>
    </message>
    <message>
        <location filename="../models.py" line="462" />
        <source>Done on</source>
        <translation>完成日期</translation>
    </message>
    <message>
        <location filename="../models.py" line="469" />
        <source>Done how</source>
        <translation>完成方式</translation>
    </message>
    <message>
        <location filename="../models.py" line="491" />
        <source>&lt; {0} (below LLOQ)</source>
        <translation>&lt; {0}（低于定量下限）</translation>
    </message>
    <message>
        <location filename="../models.py" line="261" />
        <location filename="../models.py" line="498" />
        <location filename="../models.py" line="539" />
        <location filename="../models.py" line="577" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../models.py" line="252" />
        <source>Alert</source>
        <translation>警报</translation>
    </message>
    <message>
        <location filename="../models.py" line="254" />
        <source> (blocking)</source>
        <translation>（阻断）</translation>
    </message>
    <message>
        <location filename="../models.py" line="262" />
        <source>Message</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../models.py" line="500" />
        <source>Day</source>
        <translation>天</translation>
    </message>
    <message>
        <location filename="../models.py" line="505" />
        <source>Analyte</source>
        <translation>检测项目</translation>
    </message>
    <message>
        <location filename="../models.py" line="507" />
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../models.py" line="512" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../models.py" line="513" />
        <source>Assay</source>
        <translation>检测方法</translation>
    </message>
    <message>
        <location filename="../models.py" line="527" />
        <source>lineage switch</source>
        <translation>谱系转换</translation>
    </message>
    <message>
        <location filename="../models.py" line="540" />
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../models.py" line="541" />
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../models.py" line="546" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../models.py" line="552" />
        <source>Onset</source>
        <translation>发生</translation>
    </message>
    <message>
        <location filename="../models.py" line="554" />
        <source>Resolved</source>
        <translation>缓解</translation>
    </message>
    <message>
        <location filename="../models.py" line="558" />
        <source>Term</source>
        <translation>术语</translation>
    </message>
    <message>
        <location filename="../models.py" line="560" />
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <location filename="../models.py" line="564" />
        <source>Serious</source>
        <translation>严重</translation>
    </message>
    <message>
        <location filename="../models.py" line="565" />
        <source>Related</source>
        <translation>相关</translation>
    </message>
    <message>
        <location filename="../models.py" line="566" />
        <source>DLT</source>
        <translation>DLT</translation>
    </message>
    <message>
        <location filename="../models.py" line="568" />
        <source>Special interest</source>
        <translation>特别关注</translation>
    </message>
    <message>
        <location filename="../models.py" line="578" />
        <source>Channel</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../models.py" line="579" />
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../models.py" line="580" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../models.py" line="581" />
        <source>By</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location filename="../models.py" line="592" />
        <source>open</source>
        <translation>开放</translation>
    </message>
    <message>
        <location filename="../models.py" line="598" />
        <source>Visit {0}</source>
        <translation>访视 {0}</translation>
    </message>
    <message>
        <location filename="../models.py" line="602" />
        <source>Subject status</source>
        <translation>受试者状态</translation>
    </message>
    <message>
        <location filename="../models.py" line="603" />
        <source>Event: {0}</source>
        <translation>事件：{0}</translation>
    </message>
    <message>
        <location filename="../models.py" line="612" />
        <source>recorded, dated {0}</source>
        <translation>已记录，日期 {0}</translation>
    </message>
    <message>
        <location filename="../models.py" line="620" />
        <location filename="../models.py" line="635" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../models.py" line="621" />
        <location filename="../models.py" line="636" />
        <source>Who</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../models.py" line="622" />
        <source>What</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../models.py" line="623" />
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <location filename="../models.py" line="625" />
        <location filename="../models.py" line="654" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../models.py" line="637" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../models.py" line="639" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../models.py" line="642" />
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../models.py" line="644" />
        <source>Old value</source>
        <translation>原值</translation>
    </message>
    <message>
        <location filename="../models.py" line="649" />
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <location filename="../models.py" line="717" />
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../models.py" line="718" />
        <source>line {0}</source>
        <translation>第 {0} 行</translation>
    </message>
    <message>
        <location filename="../models.py" line="721" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../dialogs.py" line="272" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="273" />
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="276" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="279" />
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="286" />
        <source>Give a reason: it is kept in the history.</source>
        <translation>请填写原因：它将保存在历史记录中。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="289" />
        <source>The date {0} is in the future (today is {1}).</source>
        <translation>日期 {0} 在未来（今天是 {1}）。</translation>
    </message>
</context>
<context>
    <name>RecordVisitDialog</name>
    <message>
        <location filename="../dialogs.py" line="158" />
        <source>Record a visit: {0}</source>
        <translation>记录访视：{0}</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="158" />
        <source>&amp;Record visit</source>
        <translation>记录访视(&amp;R)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="165" />
        <source>Visit date</source>
        <translation>访视日期</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="166" />
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="168" />
        <source>Which visit</source>
        <translation>哪次访视</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="169" />
        <source>The visit whose window holds the date</source>
        <translation>窗口包含该日期的访视</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="177" />
        <source>An unscheduled visit (no planned visit)</source>
        <translation>计划外访视（不属于任何计划访视）</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="180" />
        <source>&amp;Visit:</source>
        <translation>访视(&amp;V)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="182" />
        <source>How the visit took place</source>
        <translation>访视方式</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="185" />
        <source>&amp;Mode:</source>
        <translation>方式(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="187" />
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="188" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="189" />
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="214" />
        <source>The date {0} is in the future (today is {1}).</source>
        <translation>日期 {0} 在未来（今天是 {1}）。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="216" />
        <source>The date {0} is before the infusion on {1}.</source>
        <translation>日期 {0} 早于 {1} 的回输。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="218" />
        <source>The date {0} is after the subject's death on {1}.</source>
        <translation>日期 {0} 晚于受试者的死亡日期 {1}。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="228" />
        <source>It will be recorded as an unscheduled visit on {0}.</source>
        <translation>将记录为 {0} 的计划外访视。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="232" />
        <source>No open visit's window holds {0}: it will be recorded as an unscheduled visit.</source>
        <translation>没有开放访视的窗口包含 {0}：将记录为计划外访视。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="234" />
        <source>This completes {0} (window {1}).</source>
        <translation>这将完成 {0}（窗口 {1}）。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="235" />
        <source>{0} is outside the window of {1} ({2}): it will be recorded as done out of window.</source>
        <translation>{0} 不在 {1} 的窗口（{2}）内：将记录为窗口外完成。</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <location filename="../results_view.py" line="48" />
        <source>Analyte</source>
        <translation>检测项目</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="49" />
        <source>Which laboratory value to chart</source>
        <translation>要绘图的实验室指标</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="50" />
        <source>&amp;Analyte:</source>
        <translation>检测项目(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="59" />
        <source>Results chart</source>
        <translation>结果图</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="62" />
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="112" />
        <source>No results recorded</source>
        <translation>没有结果记录</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="121" />
        <source>{0} results are categories (negative, positive …): see the table.</source>
        <translation>{0} 结果为分类值（阴性、阳性 …）：请查看表格。</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="126" />
        <source>measured</source>
        <translation>测量值</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="130" />
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="135" />
        <source>below LLOQ (plotted at the limit)</source>
        <translation>低于定量下限（按下限绘制）</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="146" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="202" />
        <source>{0} value(s) of zero cannot be shown on the log scale.</source>
        <translation>{0} 个零值无法在对数坐标上显示。</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="205" />
        <source>{0}: {1} values from {2} to {3}</source>
        <translation>{0}：{1} 个数值，从 {2} 到 {3}</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="218" />
        <source>B-cell aplasia below {0:g} cells/µL</source>
        <translation>B 细胞缺乏：低于 {0:g} cells/µL</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="221" />
        <source>IgG replacement below {0:g} g/L</source>
        <translation>IgG 替代治疗：低于 {0:g} g/L</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../settings_page.py" line="20" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="22" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="23" />
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="29" />
        <source>Reset &amp;window and table layouts</source>
        <translation>重置窗口和表格布局(&amp;W)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="30" />
        <source>Forget column widths and window sizes; they apply at the next start</source>
        <translation>忘记列宽和窗口大小；下次启动时生效</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="32" />
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="35" />
        <source>Settings are kept in {0}.</source>
        <translation>设置保存在 {0}。</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="48" />
        <source>Saved. The window changes language when ltfu starts again.</source>
        <translation>已保存。ltfu 重新启动后将切换语言。</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="55" />
        <source>Layouts will be reset when ltfu starts again.</source>
        <translation>ltfu 重新启动后将重置布局。</translation>
    </message>
</context>
<context>
    <name>SubjectChart</name>
    <message>
        <location filename="../chart.py" line="73" />
        <source>{0} — ltfu</source>
        <translation>{0} — ltfu</translation>
    </message>
    <message>
        <location filename="../chart.py" line="74" />
        <source>Chart of {0}</source>
        <translation>{0} 的病历</translation>
    </message>
    <message>
        <location filename="../chart.py" line="79" />
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="89" />
        <source>Next visit</source>
        <translation>下次访视</translation>
    </message>
    <message>
        <location filename="../chart.py" line="99" />
        <source>Record &amp;visit…</source>
        <translation>记录访视(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="99" />
        <source>A visit that took place</source>
        <translation>已进行的访视</translation>
    </message>
    <message>
        <location filename="../chart.py" line="101" />
        <source>Close as &amp;missed…</source>
        <translation>关闭为缺失(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="101" />
        <source>Close the selected due or overdue visit as not done</source>
        <translation>将所选的到期或逾期访视关闭为未完成</translation>
    </message>
    <message>
        <location filename="../chart.py" line="104" />
        <source>&amp;Undo…</source>
        <translation>撤销(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="104" />
        <source>Reopen the selected missed or done visit (with a reason)</source>
        <translation>重新开放所选的缺失或已完成访视（需填写原因）</translation>
    </message>
    <message>
        <location filename="../chart.py" line="107" />
        <source>Record &amp;event…</source>
        <translation>记录事件(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="107" />
        <source>Response, relapse, death, withdrawal, HSCT …</source>
        <translation>疗效、复发、死亡、退出、HSCT …</translation>
    </message>
    <message>
        <location filename="../chart.py" line="109" />
        <source>&amp;Contact attempt…</source>
        <translation>联系尝试(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="109" />
        <source>A call, letter or message</source>
        <translation>电话、信件或消息</translation>
    </message>
    <message>
        <location filename="../chart.py" line="110" />
        <location filename="../chart.py" line="233" />
        <source>&amp;Lost to follow-up…</source>
        <translation>失访(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="131" />
        <source>Visits</source>
        <translation>访视</translation>
    </message>
    <message>
        <location filename="../chart.py" line="137" />
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../chart.py" line="140" />
        <location filename="../chart.py" line="144" />
        <source>Adverse events</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <location filename="../chart.py" line="143" />
        <source>Clinical events</source>
        <translation>临床事件</translation>
    </message>
    <message>
        <location filename="../chart.py" line="146" />
        <source>Contact attempts</source>
        <translation>联系尝试</translation>
    </message>
    <message>
        <location filename="../chart.py" line="151" />
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../chart.py" line="154" />
        <source>Vi&amp;sits</source>
        <translation>访视(&amp;S)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="155" />
        <source>&amp;Results</source>
        <translation>结果(&amp;R)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="156" />
        <source>Eve&amp;nts</source>
        <translation>事件(&amp;N)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="157" />
        <source>C&amp;ontacts</source>
        <translation>联系(&amp;O)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="158" />
        <source>&amp;History</source>
        <translation>历史(&amp;H)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="161" />
        <source>Last action</source>
        <translation>最近的操作</translation>
    </message>
    <message>
        <location filename="../chart.py" line="201" />
        <source>The chart could not be read.</source>
        <translation>无法读取病历。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="233" />
        <source>Reverse &amp;lost to follow-up…</source>
        <translation>撤销失访(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="235" />
        <source>The subject is back: the schedule resumes (with a reason)</source>
        <translation>受试者已恢复联系：访视计划继续（需填写原因）</translation>
    </message>
    <message>
        <location filename="../chart.py" line="236" />
        <source>Lost to follow-up. Reverse it when the subject is reached again.</source>
        <translation>已失访。再次联系上受试者时可撤销。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="240" />
        <source>Lost to follow-up may be declared:</source>
        <translation>可以宣布失访：</translation>
    </message>
    <message>
        <location filename="../chart.py" line="242" />
        <source>Lost to follow-up cannot be declared yet:</source>
        <translation>尚不能宣布失访：</translation>
    </message>
    <message>
        <location filename="../chart.py" line="249" />
        <source>Site {0}</source>
        <translation>中心 {0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="252" />
        <source>infused {0}</source>
        <translation>回输于 {0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="253" />
        <source>day {0} (year {1})</source>
        <translation>第 {0} 天（第 {1} 年）</translation>
    </message>
    <message>
        <location filename="../chart.py" line="255" />
        <source>re-infused ({0} infusions)</source>
        <translation>再次回输（共 {0} 次）</translation>
    </message>
    <message>
        <location filename="../chart.py" line="257" />
        <source>follow-up until {0}</source>
        <translation>随访至 {0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="259" />
        <source>died {0}</source>
        <translation>死亡于 {0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="263" />
        <source>phone {0}</source>
        <translation>电话 {0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="273" />
        <source>Subject status: {0}</source>
        <translation>受试者状态：{0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="277" />
        <source>⚠ RCL positive: blocking</source>
        <translation>⚠ RCL 阳性：阻断</translation>
    </message>
    <message>
        <location filename="../chart.py" line="280" />
        <source>Blocking safety alert: an RCL test was positive. Confirmatory culture assay and expedited safety report; later yearly samples are tested, not archived.</source>
        <translation>阻断性安全警报：RCL 检测阳性。需进行确证性培养检测并提交加急安全报告；之后每年的样本均需检测，不再仅存档。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="289" />
        <source>⚠ {0} overdue</source>
        <translation>⚠ {0} 项逾期</translation>
    </message>
    <message>
        <location filename="../chart.py" line="291" />
        <source>Overdue visits: {0}</source>
        <translation>逾期访视：{0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="301" />
        <source>Next visit {0}: {1}, window {2}</source>
        <translation>下次访视 {0}：{1}，窗口 {2}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="306" />
        <source>No open visit</source>
        <translation>无开放访视</translation>
    </message>
    <message>
        <location filename="../chart.py" line="311" />
        <source>No visit is open.</source>
        <translation>没有开放的访视。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="315" />
        <source>&lt;b&gt;{0}&lt;/b&gt; is {1}: window {2}, {3}. &lt;b&gt;To do:&lt;/b&gt; {4}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;：{1}，窗口 {2}，{3}。&lt;b&gt;待办：&lt;/b&gt;{4}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="381" />
        <source>Unscheduled visit on {0} recorded.</source>
        <translation>已记录 {0} 的计划外访视。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="382" />
        <source>{0} recorded as done on {1}.</source>
        <translation>{0} 已记录为于 {1} 完成。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="384" />
        <source>(out of window)</source>
        <translation>（窗口外）</translation>
    </message>
    <message>
        <location filename="../chart.py" line="396" />
        <source>Close {0} as missed</source>
        <translation>将 {0} 关闭为缺失</translation>
    </message>
    <message>
        <location filename="../chart.py" line="397" />
        <source>Close as &amp;missed</source>
        <translation>关闭为缺失(&amp;M)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="398" />
        <source>{0} (window {1}) will be closed as not done. This can be undone later, with a reason.</source>
        <translation>{0}（窗口 {1}）将关闭为未完成。以后可以撤销，需填写原因。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="404" />
        <source>{0} closed as missed.</source>
        <translation>{0} 已关闭为缺失。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="416" />
        <source>Undo {0}</source>
        <translation>撤销 {0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="417" />
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="418" />
        <source>{0} is {1}; it will be open again. The earlier status stays in the history.</source>
        <translation>{0} 当前为{1}；将重新开放。之前的状态保留在历史记录中。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="424" />
        <source>{0} reopened.</source>
        <translation>{0} 已重新开放。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="433" />
        <source>Event recorded.</source>
        <translation>事件已记录。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="444" />
        <source>Contact attempt recorded.</source>
        <translation>联系尝试已记录。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="449" />
        <source>Lost to follow-up?</source>
        <translation>宣布失访？</translation>
    </message>
    <message>
        <location filename="../chart.py" line="451" />
        <source>The failed contact attempts now allow declaring {0} lost to follow-up ({1}). Declare it now?</source>
        <translation>失败的联系尝试现已满足宣布 {0} 失访的条件（{1}）。现在宣布吗？</translation>
    </message>
    <message>
        <location filename="../chart.py" line="464" />
        <source>Not yet</source>
        <translation>尚不能</translation>
    </message>
    <message>
        <location filename="../chart.py" line="466" />
        <source>{0} cannot be declared lost to follow-up yet: {1}. It needs 3 failed contact attempts, by 2 channels, over at least 3 months.</source>
        <translation>{0} 尚不能宣布失访：{1}。需要 3 次失败的联系尝试，使用 2 种方式，跨度至少 3 个月。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="479" />
        <source>Declare {0} lost to follow-up</source>
        <translation>宣布 {0} 失访</translation>
    </message>
    <message>
        <location filename="../chart.py" line="480" />
        <source>&amp;Declare</source>
        <translation>宣布(&amp;D)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="482" />
        <source>Later visits will be cancelled (lost to follow-up). It can be reversed when the subject is reached again.</source>
        <translation>之后的访视将取消（失访）。再次联系上受试者时可以撤销。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="489" />
        <source>Declared lost to follow-up.</source>
        <translation>已宣布失访。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="498" />
        <source>Reverse lost to follow-up: {0}</source>
        <translation>撤销失访：{0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="499" />
        <source>&amp;Reverse</source>
        <translation>撤销(&amp;R)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="500" />
        <source>The subject was reached again: later visits are planned again. Both changes stay in the history.</source>
        <translation>已再次联系上受试者：之后的访视重新计划。两次变更都保留在历史记录中。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="505" />
        <source>Lost to follow-up reversed; the schedule resumes.</source>
        <translation>失访已撤销；访视计划继续。</translation>
    </message>
</context>
<context>
    <name>SubjectsPage</name>
    <message>
        <location filename="../subjects_page.py" line="34" />
        <location filename="../subjects_page.py" line="61" />
        <source>Subjects</source>
        <translation>受试者</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="36" />
        <source>Study id or name</source>
        <translation>研究编号或姓名</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="38" />
        <source>Search subjects</source>
        <translation>搜索受试者</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="39" />
        <source>Type part of a study id (e.g. 017) or of a name (Ctrl+F)</source>
        <translation>输入研究编号的一部分（如 017）或姓名的一部分（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="40" />
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="42" />
        <source>All sites</source>
        <translation>所有中心</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="42" />
        <source>Only this site</source>
        <translation>仅此中心</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="43" />
        <source>S&amp;ite:</source>
        <translation>中心(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="45" />
        <source>All dose levels</source>
        <translation>所有剂量组</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="45" />
        <source>Only this dose level</source>
        <translation>仅此剂量组</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="46" />
        <source>&amp;Dose level:</source>
        <translation>剂量组(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="48" />
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="48" />
        <source>Only subjects with this status</source>
        <translation>仅此状态的受试者</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="53" />
        <source>S&amp;tatus:</source>
        <translation>状态(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="55" />
        <source>Loading subjects…</source>
        <translation>正在加载受试者…</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="56" />
        <source>Number of subjects shown</source>
        <translation>显示的受试者数</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="65" />
        <source>Double-click or press Enter to open the subject's chart</source>
        <translation>双击或按 Enter 打开受试者病历</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="146" />
        <source>{0} of {1} subjects</source>
        <translation>{0} / {1} 名受试者</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <location filename="../worker.py" line="160" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../worker.py" line="161" />
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../worker.py" line="177" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../timeline.py" line="64" />
        <source>Visit timeline</source>
        <translation>访视时间轴</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="85" />
        <source>{0} visits. {1}</source>
        <translation>{0} 次访视。{1}</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="127" />
        <source>No infusion recorded: no plan</source>
        <translation>无回输记录：没有访视计划</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="165" />
        <source>Today {0}</source>
        <translation>今天 {0}</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="217" />
        <source>Unscheduled visit on {0} ({1})</source>
        <translation>{0} 的计划外访视（{1}）</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="223" />
        <source>{0}: {1}
Window {2} (nominal {3})</source>
        <translation>{0}：{1}
窗口 {2}（计划 {3}）</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="227" />
        <source>Done on {0}</source>
        <translation>完成于 {0}</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="229" />
        <source>(out of window)</source>
        <translation>（窗口外）</translation>
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <location filename="../labels.py" line="19" />
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="20" />
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="21" />
        <source>Upcoming</source>
        <translation>即将到来</translation>
    </message>
    <message>
        <location filename="../labels.py" line="22" />
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../labels.py" line="23" />
        <source>Missed</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../labels.py" line="24" />
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../labels.py" line="25" />
        <source>Unscheduled</source>
        <translation>计划外</translation>
    </message>
    <message>
        <location filename="../labels.py" line="28" />
        <location filename="../labels.py" line="67" />
        <source>death</source>
        <translation>死亡</translation>
    </message>
    <message>
        <location filename="../labels.py" line="29" />
        <location filename="../labels.py" line="71" />
        <source>withdrawal</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../labels.py" line="30" />
        <location filename="../labels.py" line="72" />
        <source>lost to follow-up</source>
        <translation>失访</translation>
    </message>
    <message>
        <location filename="../labels.py" line="31" />
        <source>stop rule</source>
        <translation>停止规则</translation>
    </message>
    <message>
        <location filename="../labels.py" line="32" />
        <source>re-planned</source>
        <translation>已重新计划</translation>
    </message>
    <message>
        <location filename="../labels.py" line="35" />
        <source>Active</source>
        <translation>在随访</translation>
    </message>
    <message>
        <location filename="../labels.py" line="36" />
        <source>Completed</source>
        <translation>已完成随访</translation>
    </message>
    <message>
        <location filename="../labels.py" line="37" />
        <source>Withdrawn</source>
        <translation>已退出</translation>
    </message>
    <message>
        <location filename="../labels.py" line="38" />
        <source>Lost to follow-up</source>
        <translation>失访</translation>
    </message>
    <message>
        <location filename="../labels.py" line="39" />
        <source>Deceased</source>
        <translation>已死亡</translation>
    </message>
    <message>
        <location filename="../labels.py" line="42" />
        <source>clinic</source>
        <translation>门诊</translation>
    </message>
    <message>
        <location filename="../labels.py" line="43" />
        <location filename="../labels.py" line="48" />
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../labels.py" line="44" />
        <source>questionnaire</source>
        <translation>问卷</translation>
    </message>
    <message>
        <location filename="../labels.py" line="45" />
        <source>records</source>
        <translation>病历资料</translation>
    </message>
    <message>
        <location filename="../labels.py" line="49" />
        <source>letter</source>
        <translation>信件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="50" />
        <source>e-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="51" />
        <source>text message</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../labels.py" line="52" />
        <source>visit</source>
        <translation>面访</translation>
    </message>
    <message>
        <location filename="../labels.py" line="53" />
        <source>local physician</source>
        <translation>当地医生</translation>
    </message>
    <message>
        <location filename="../labels.py" line="56" />
        <source>reached</source>
        <translation>已联系上</translation>
    </message>
    <message>
        <location filename="../labels.py" line="57" />
        <source>no answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <location filename="../labels.py" line="58" />
        <source>message left</source>
        <translation>已留言</translation>
    </message>
    <message>
        <location filename="../labels.py" line="59" />
        <source>wrong number</source>
        <translation>号码错误</translation>
    </message>
    <message>
        <location filename="../labels.py" line="60" />
        <source>returned mail</source>
        <translation>信件退回</translation>
    </message>
    <message>
        <location filename="../labels.py" line="61" />
        <source>refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../labels.py" line="64" />
        <source>response</source>
        <translation>疗效</translation>
    </message>
    <message>
        <location filename="../labels.py" line="65" />
        <source>relapse</source>
        <translation>复发</translation>
    </message>
    <message>
        <location filename="../labels.py" line="66" />
        <source>progression</source>
        <translation>进展</translation>
    </message>
    <message>
        <location filename="../labels.py" line="68" />
        <source>alive (contact)</source>
        <translation>存活（联系确认）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="69" />
        <source>HSCT</source>
        <translation>造血干细胞移植</translation>
    </message>
    <message>
        <location filename="../labels.py" line="70" />
        <source>new anticancer therapy</source>
        <translation>新的抗肿瘤治疗</translation>
    </message>
    <message>
        <location filename="../labels.py" line="73" />
        <source>lost to follow-up reversed</source>
        <translation>撤销失访</translation>
    </message>
    <message>
        <location filename="../labels.py" line="76" />
        <source>treatment only</source>
        <translation>仅治疗</translation>
    </message>
    <message>
        <location filename="../labels.py" line="77" />
        <source>visits (survival contact continues)</source>
        <translation>访视（继续生存随访）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="78" />
        <source>everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../labels.py" line="81" />
        <location filename="../labels.py" line="100" />
        <source>positive</source>
        <translation>阳性</translation>
    </message>
    <message>
        <location filename="../labels.py" line="82" />
        <source>dim</source>
        <translation>弱表达</translation>
    </message>
    <message>
        <location filename="../labels.py" line="83" />
        <location filename="../labels.py" line="99" />
        <source>negative</source>
        <translation>阴性</translation>
    </message>
    <message>
        <location filename="../labels.py" line="86" />
        <source>CAR-T copies (qPCR)</source>
        <translation>CAR-T 拷贝数（qPCR）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="87" />
        <source>CAR+ cells (flow)</source>
        <translation>CAR+ 细胞（流式）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="88" />
        <source>CD19+ B cells</source>
        <translation>CD19+ B 细胞</translation>
    </message>
    <message>
        <location filename="../labels.py" line="89" />
        <source>CD22+ B cells</source>
        <translation>CD22+ B 细胞</translation>
    </message>
    <message>
        <location filename="../labels.py" line="90" />
        <location filename="../labels.py" line="115" />
        <source>IgG</source>
        <translation>IgG</translation>
    </message>
    <message>
        <location filename="../labels.py" line="91" />
        <source>IL-6</source>
        <translation>IL-6</translation>
    </message>
    <message>
        <location filename="../labels.py" line="92" />
        <source>IL-15</source>
        <translation>IL-15</translation>
    </message>
    <message>
        <location filename="../labels.py" line="93" />
        <source>CRP</source>
        <translation>CRP</translation>
    </message>
    <message>
        <location filename="../labels.py" line="94" />
        <source>MRD (flow)</source>
        <translation>MRD（流式）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="95" />
        <source>RCL</source>
        <translation>RCL</translation>
    </message>
    <message>
        <location filename="../labels.py" line="96" />
        <location filename="../labels.py" line="120" />
        <source>HAMA</source>
        <translation>HAMA</translation>
    </message>
    <message>
        <location filename="../labels.py" line="101" />
        <source>indeterminate</source>
        <translation>不确定</translation>
    </message>
    <message>
        <location filename="../labels.py" line="102" />
        <source>archived</source>
        <translation>已存档</translation>
    </message>
    <message>
        <location filename="../labels.py" line="105" />
        <source>RCL positive</source>
        <translation>RCL 阳性</translation>
    </message>
    <message>
        <location filename="../labels.py" line="106" />
        <source>Low IgG</source>
        <translation>IgG 偏低</translation>
    </message>
    <message>
        <location filename="../labels.py" line="107" />
        <source>B-cell recovery</source>
        <translation>B 细胞恢复</translation>
    </message>
    <message>
        <location filename="../labels.py" line="110" />
        <source>examination</source>
        <translation>体格检查</translation>
    </message>
    <message>
        <location filename="../labels.py" line="111" />
        <source>phone/questionnaire</source>
        <translation>电话/问卷</translation>
    </message>
    <message>
        <location filename="../labels.py" line="112" />
        <source>survival</source>
        <translation>生存</translation>
    </message>
    <message>
        <location filename="../labels.py" line="113" />
        <source>disease assessment (marrow, MRD)</source>
        <translation>疾病评估（骨髓、MRD）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="114" />
        <source>CD19+/CD22+ B cells</source>
        <translation>CD19+/CD22+ B 细胞</translation>
    </message>
    <message>
        <location filename="../labels.py" line="116" />
        <source>CAR-T PK (qPCR, flow)</source>
        <translation>CAR-T 药代动力学（qPCR、流式）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="117" />
        <source>cytokines (IL-6, CRP, IL-15)</source>
        <translation>细胞因子（IL-6、CRP、IL-15）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="118" />
        <source>RCL sample to test</source>
        <translation>RCL 样本（检测）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="119" />
        <source>RCL sample to archive</source>
        <translation>RCL 样本（存档）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="121" />
        <source>adverse events</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="122" />
        <source>delayed AEs of special interest</source>
        <translation>特别关注的迟发不良事件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="123" />
        <source>DLT review</source>
        <translation>DLT 评估</translation>
    </message>
    <message>
        <location filename="../labels.py" line="126" />
        <source>CTCAE v5</source>
        <translation>CTCAE v5</translation>
    </message>
    <message>
        <location filename="../labels.py" line="127" />
        <source>CRS (ASTCT)</source>
        <translation>CRS（ASTCT）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="128" />
        <source>ICANS (ASTCT)</source>
        <translation>ICANS（ASTCT）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="162" />
        <source>1 day</source>
        <translation>1 天</translation>
    </message>
    <message>
        <location filename="../labels.py" line="163" />
        <source>{0} days</source>
        <translation>{0} 天</translation>
    </message>
</context>
<context>
    <name>WorklistPage</name>
    <message>
        <location filename="../worklist_page.py" line="37" />
        <source>Today only</source>
        <translation>仅今天</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="37" />
        <source>Next {0} days</source>
        <translation>未来 {0} 天</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="39" />
        <source>How far ahead to look for visits whose window opens</source>
        <translation>查看多少天内开放窗口的访视</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="40" />
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="43" />
        <source>All sites</source>
        <translation>所有中心</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="44" />
        <source>Only this site's subjects</source>
        <translation>仅此中心的受试者</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="45" />
        <source>S&amp;ite:</source>
        <translation>中心(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="47" />
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="49" />
        <source>Read the worklist again (F5)</source>
        <translation>重新读取工作清单（F5）</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="51" />
        <source>Worklist counts</source>
        <translation>工作清单计数</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="56" />
        <source>Worklist</source>
        <translation>工作清单</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="60" />
        <source>Double-click or press Enter to open the subject's chart</source>
        <translation>双击或按 Enter 打开受试者病历</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="62" />
        <source>Nothing due, overdue or coming up in this period.</source>
        <translation>此期间没有到期、逾期或即将到来的访视。</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="81" />
        <source>Worklist for {0}</source>
        <translation>{0} 的工作清单</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="136" />
        <source>{0} overdue · {1} due · {2} upcoming</source>
        <translation>{0} 项逾期 · {1} 项到期 · {2} 项即将到来</translation>
    </message>
</context>
</TS>