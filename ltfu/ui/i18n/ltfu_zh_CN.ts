<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../dialogs.py" line="89"/>
        <source>What will happen</source>
        <translation>将会发生什么</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="90"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <location filename="../accounts.py" line="215"/>
        <source>Add a user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="216"/>
        <source>&amp;Add user</source>
        <translation>添加用户(&amp;A)</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="218"/>
        <source>Each person gets their own account: sharing one would hide who did what. The role says what they may do; only a principal investigator signs reports.</source>
        <translation>每人使用自己的账户：共用账户会掩盖谁做了什么。角色决定可以做什么；只有主要研究者签署报告。</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="225"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="228"/>
        <source>&amp;Role:</source>
        <translation>角色(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>AdverseEventDialog</name>
    <message>
        <location filename="../entry_dialogs.py" line="243"/>
        <source>Record an adverse event: {0}</source>
        <translation>记录不良事件：{0}</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="243"/>
        <source>&amp;Record adverse event</source>
        <translation>记录不良事件(&amp;R)</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="249"/>
        <source>Grading system</source>
        <translation>分级体系</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="249"/>
        <source>&amp;Graded by:</source>
        <translation>分级体系(&amp;G)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="251"/>
        <source>Term</source>
        <translation>术语</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="251"/>
        <source>CTCAE term, e.g. Neutrophil count decreased</source>
        <translation>CTCAE 术语，例如 Neutrophil count decreased（中性粒细胞计数降低）</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="251"/>
        <source>&amp;Term:</source>
        <translation>术语(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="253"/>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="253"/>
        <source>G&amp;rade:</source>
        <translation>分级(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="254"/>
        <source>Onset date</source>
        <translation>发生日期</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="254"/>
        <source>&amp;Onset:</source>
        <translation>发生日期(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="257"/>
        <source>Date the site first knew</source>
        <translation>研究中心首次获知日期</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="260"/>
        <source>The day the site first learnt of it; the reporting clocks run from this day, never from the onset.</source>
        <translation>研究中心首次获知该事件的日期；报告时限从这一天起算，而不是从发生日期起算。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="263"/>
        <source>Site &amp;aware on:</source>
        <translation>中心获知日期(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="264"/>
        <source>Re&amp;solved on</source>
        <translation>已缓解，日期(&amp;S)</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="265"/>
        <source>Resolution date</source>
        <translation>缓解日期</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="265"/>
        <source>Resolution:</source>
        <translation>缓解：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="266"/>
        <source>S&amp;erious (SAE)</source>
        <translation>严重(SAE)(&amp;E)</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="267"/>
        <source>Re&amp;lated to the CAR-T product</source>
        <translation>与 CAR-T 产品相关(&amp;L)</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="268"/>
        <source>&amp;Dose-limiting toxicity (DLT)</source>
        <translation>剂量限制性毒性(DLT)(&amp;D)</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="269"/>
        <source>U&amp;nexpected</source>
        <translation>非预期(&amp;N)</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="271"/>
        <source>Not in the reference safety information; serious, related and unexpected is a SUSAR.</source>
        <translation>参考安全性信息中未列出；严重、相关且非预期即为SUSAR。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="280"/>
        <source>Special-interest category</source>
        <translation>特别关注类别</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="281"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="284"/>
        <source>Special &amp;interest:</source>
        <translation>特别关注(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="303"/>
        <source>The safety screen was answered yes: {0}. Record the event, or cancel.</source>
        <translation>安全性筛查中回答了“是”：{0}。请记录该事件，或取消。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="326"/>
        <source>ASTCT consensus grade {0} to {1} (5 = death)</source>
        <translation>ASTCT 共识分级 {0} 至 {1}（5 = 死亡）</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="328"/>
        <source>CTCAE v5 grade {0} to {1} (5 = death)</source>
        <translation>CTCAE v5 分级 {0} 至 {1}（5 = 死亡）</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="337"/>
        <source>The onset {0} is in the future (today is {1}).</source>
        <translation>发生日期 {0} 在未来（今天是 {1}）。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="339"/>
        <source>The onset {0} is after the subject&apos;s death on {1}.</source>
        <translation>发生日期 {0} 晚于受试者的死亡日期 {1}。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="342"/>
        <source>The site cannot have known on {0}, before the onset {1}.</source>
        <translation>研究中心不可能在 {0} 获知，该日期早于发生日期 {1}。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="344"/>
        <source>The date the site knew, {0}, is in the future (today is {1}).</source>
        <translation>研究中心获知日期 {0} 在未来（今天是 {1}）。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="348"/>
        <source>The resolution {0} is before the onset {1}.</source>
        <translation>缓解日期 {0} 早于发生日期 {1}。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="350"/>
        <source>The resolution {0} is in the future (today is {1}).</source>
        <translation>缓解日期 {0} 在未来（今天是 {1}）。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="355"/>
        <source>Enter the term.</source>
        <translation>请输入术语。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="361"/>
        <source>Grade 5 is death: record the death itself as an event as well.</source>
        <translation>5 级即死亡：请同时将死亡本身记录为事件。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="363"/>
        <source>A DLT counts in the 3+3 dose decision; its onset must follow the infusion.</source>
        <translation>DLT 计入 3+3 剂量决策；其发生日期必须在输注之后。</translation>
    </message>
</context>
<context>
    <name>AlertsPanel</name>
    <message>
        <location filename="../widgets.py" line="269"/>
        <source>Safety alerts</source>
        <translation>安全警报</translation>
    </message>
    <message>
        <location filename="../widgets.py" line="276"/>
        <source>Show or hide every alert in a table</source>
        <translation>在表格中显示或隐藏全部警报</translation>
    </message>
    <message>
        <location filename="../widgets.py" line="280"/>
        <source>All safety alerts</source>
        <translation>全部安全警报</translation>
    </message>
    <message>
        <location filename="../widgets.py" line="301"/>
        <source>All {0} alerts ({1} more)…</source>
        <translation>全部 {0} 条警报（另有 {1} 条）…</translation>
    </message>
    <message>
        <location filename="../widgets.py" line="326"/>
        <source>BLOCKING SAFETY ALERT</source>
        <translation>阻断性安全警报</translation>
    </message>
    <message>
        <location filename="../widgets.py" line="326"/>
        <source>Alert</source>
        <translation>警报</translation>
    </message>
    <message>
        <location filename="../widgets.py" line="330"/>
        <source>Open the case…</source>
        <translation>打开个案…</translation>
    </message>
    <message>
        <location filename="../widgets.py" line="352"/>
        <source>Double-click to open the case</source>
        <translation>双击打开个案</translation>
    </message>
    <message>
        <location filename="../widgets.py" line="354"/>
        <source>Open the chart of {0}</source>
        <translation>打开 {0} 的病历</translation>
    </message>
</context>
<context>
    <name>AnswerDialog</name>
    <message>
        <location filename="../queries_view.py" line="284"/>
        <source>Correct the value: query #{0}</source>
        <translation>更正数值：质疑 #{0}</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="284"/>
        <source>Answer query #{0}</source>
        <translation>回复质疑 #{0}</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="285"/>
        <source>&amp;Correct value</source>
        <translation>更正数值(&amp;C)</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="285"/>
        <source>&amp;Answer</source>
        <translation>回复(&amp;A)</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="290"/>
        <source>Query:</source>
        <translation>质疑：</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="295"/>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="296"/>
        <source>dates as YYYY-MM-DD</source>
        <translation>日期格式为 YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="298"/>
        <source>&amp;New {0}:</source>
        <translation>新的{0}(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="301"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="301"/>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="303"/>
        <source>Answer</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="303"/>
        <source>&amp;Answer:</source>
        <translation>回复(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="308"/>
        <source>Give the corrected value.</source>
        <translation>请填写更正后的数值。</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="311"/>
        <source>Give the reason: it is kept in the history.</source>
        <translation>请填写原因：原因将保存在历史记录中。</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="313"/>
        <source>Write the answer.</source>
        <translation>请填写回复。</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../audit_page.py" line="37"/>
        <location filename="../audit_page.py" line="57"/>
        <source>Audit trail</source>
        <translation>审计追踪</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="40"/>
        <source>The latest {0} entries. Every entry is chained to the one before it; `ltfu check` verifies the chain, and the full trail is part of the export. Names and addresses are audited by field only.</source>
        <translation>最近 {0} 条记录。每条记录都与前一条链接；`ltfu check` 可校验整条链，完整的审计追踪包含在导出中。姓名和地址只按字段名记录审计。</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="47"/>
        <source>subject, user, field, reason …</source>
        <translation>受试者、用户、字段、原因 …</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="48"/>
        <source>Filter the audit trail</source>
        <translation>筛选审计追踪</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="49"/>
        <source>&amp;Filter:</source>
        <translation>筛选(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="51"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="59"/>
        <source>Export &amp;CSV…</source>
        <translation>导出 CSV(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="59"/>
        <source>Every entry of the trail, UTC times, one row each</source>
        <translation>稽查轨迹的每一条记录，UTC 时间，每条一行</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="62"/>
        <source>Export &amp;PDF…</source>
        <translation>导出 PDF(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="62"/>
        <source>The trail as a printed table, with the state of its hash chain</source>
        <translation>以打印表格形式输出稽查轨迹，并注明其哈希链状态</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="64"/>
        <source>Export only the selected entry&apos;s subject</source>
        <translation>仅导出所选记录所属的受试者</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="88"/>
        <source>Only &amp;subject {0} (of the selected entry)</source>
        <translation>仅受试者 {0}（所选记录）(&amp;S)</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="91"/>
        <source>Only one &amp;subject (select an entry of that subject)</source>
        <translation>仅一名受试者（请选择该受试者的一条记录）(&amp;S)</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="107"/>
        <source>Export the audit trail</source>
        <translation>导出稽查轨迹</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="109"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="109"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="126"/>
        <source>Exporting the audit trail…</source>
        <translation>正在导出稽查轨迹…</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="131"/>
        <source>The audit trail was written to {0}.</source>
        <translation>稽查轨迹已写入 {0}。</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="133"/>
        <source>{0} audit entries were written to {1}.</source>
        <translation>{0} 条稽查记录已写入 {1}。</translation>
    </message>
    <message>
        <location filename="../audit_page.py" line="134"/>
        <source>Audit trail exported</source>
        <translation>稽查轨迹已导出</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../cases.py" line="298"/>
        <source>Safety case {0} — ltfu</source>
        <translation>安全性个案 {0} — ltfu</translation>
    </message>
    <message>
        <location filename="../cases.py" line="299"/>
        <source>Safety case {0}</source>
        <translation>安全性个案 {0}</translation>
    </message>
    <message>
        <location filename="../cases.py" line="303"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../cases.py" line="312"/>
        <location filename="../cases.py" line="350"/>
        <source>Steps</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../cases.py" line="313"/>
        <source>Double-click or press Enter to mark the step done</source>
        <translation>双击或按回车键将该步骤标记为已完成</translation>
    </message>
    <message>
        <location filename="../cases.py" line="317"/>
        <source>Mark &amp;done…</source>
        <translation>标记为已完成(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../cases.py" line="317"/>
        <location filename="../cases.py" line="479"/>
        <source>The selected step was done: the date, and a note</source>
        <translation>所选步骤已完成：日期和备注</translation>
    </message>
    <message>
        <location filename="../cases.py" line="321"/>
        <source>Not &amp;applicable…</source>
        <translation>不适用(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../cases.py" line="321"/>
        <source>The selected step does not apply to this case: the reason</source>
        <translation>所选步骤不适用于本个案：原因</translation>
    </message>
    <message>
        <location filename="../cases.py" line="325"/>
        <source>R&amp;eopen…</source>
        <translation>重新打开(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../cases.py" line="325"/>
        <source>The selected step, done or not applicable, is open again: the reason</source>
        <translation>所选步骤（已完成或不适用）重新打开：请填写原因</translation>
    </message>
    <message>
        <location filename="../cases.py" line="329"/>
        <source>Owner, d&amp;ue date…</source>
        <translation>负责人、截止日期(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../cases.py" line="329"/>
        <source>Give the selected open step another owner or due date</source>
        <translation>为所选未完成步骤更换负责人或截止日期</translation>
    </message>
    <message>
        <location filename="../cases.py" line="334"/>
        <location filename="../cases.py" line="353"/>
        <source>Reporting clocks</source>
        <translation>报告时限</translation>
    </message>
    <message>
        <location filename="../cases.py" line="335"/>
        <source>Double-click or press Enter to record the report as sent</source>
        <translation>双击或按回车键登记该报告已发送</translation>
    </message>
    <message>
        <location filename="../cases.py" line="339"/>
        <source>Record report &amp;sent…</source>
        <translation>登记报告已发送(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../cases.py" line="339"/>
        <source>The selected report was sent: date, recipient and reference</source>
        <translation>所选报告已发送：日期、接收方和编号</translation>
    </message>
    <message>
        <location filename="../cases.py" line="343"/>
        <source>C&amp;lose case…</source>
        <translation>关闭个案(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../cases.py" line="343"/>
        <source>Close the case: only when no step is open</source>
        <translation>关闭个案：仅当没有未完成的步骤时</translation>
    </message>
    <message>
        <location filename="../cases.py" line="346"/>
        <source>Last action</source>
        <translation>最近的操作</translation>
    </message>
    <message>
        <location filename="../cases.py" line="359"/>
        <location filename="../cases.py" line="360"/>
        <source>Stored samples to retrieve</source>
        <translation>需取出的已存储样本</translation>
    </message>
    <message>
        <location filename="../cases.py" line="396"/>
        <source>The case could not be read.</source>
        <translation>无法读取该个案。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="405"/>
        <source>Safety case {0}: {1} — {2}</source>
        <translation>安全性个案 {0}：{1} — {2}</translation>
    </message>
    <message>
        <location filename="../cases.py" line="408"/>
        <source>Subject {0} (site {1})</source>
        <translation>受试者 {0}（中心 {1}）</translation>
    </message>
    <message>
        <location filename="../cases.py" line="409"/>
        <source>site aware on {0}</source>
        <translation>中心获知日期 {0}</translation>
    </message>
    <message>
        <location filename="../cases.py" line="412"/>
        <source>adverse event: {0}</source>
        <translation>不良事件：{0}</translation>
    </message>
    <message>
        <location filename="../cases.py" line="414"/>
        <source>{0} step(s) open</source>
        <translation>{0} 个步骤未完成</translation>
    </message>
    <message>
        <location filename="../cases.py" line="414"/>
        <source>no step open</source>
        <translation>没有未完成的步骤</translation>
    </message>
    <message>
        <location filename="../cases.py" line="478"/>
        <source>This step is done by recording its report as sent (below).</source>
        <translation>登记其报告已发送（见下方）即完成此步骤。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="505"/>
        <source>Step done: {0}.</source>
        <translation>步骤已完成：{0}。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="507"/>
        <source>Step reopened: {0}.</source>
        <translation>步骤已重新打开：{0}。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="509"/>
        <source>Step not applicable: {0}.</source>
        <translation>步骤不适用：{0}。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="517"/>
        <source>Step {0}: owner or due date changed.</source>
        <translation>步骤 {0}：负责人或截止日期已更改。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="536"/>
        <source>Case {0} closed.</source>
        <translation>个案 {0} 已关闭。</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../accounts.py" line="303"/>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="303"/>
        <source>&amp;Change password</source>
        <translation>修改密码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="304"/>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="305"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="306"/>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="307"/>
        <source>C&amp;urrent password:</source>
        <translation>当前密码(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="308"/>
        <source>&amp;New password:</source>
        <translation>新密码(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="309"/>
        <source>&amp;Again:</source>
        <translation>再次输入(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="319"/>
        <source>The password needs at least {0} characters.</source>
        <translation>密码至少需要 {0} 个字符。</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="321"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="323"/>
        <source>The new password is the same as the current one.</source>
        <translation>新密码与当前密码相同。</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="328"/>
        <source>Enter your current password.</source>
        <translation>请输入当前密码。</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="330"/>
        <source>Enter the new password twice.</source>
        <translation>请输入两次新密码。</translation>
    </message>
</context>
<context>
    <name>CloseCaseDialog</name>
    <message>
        <location filename="../cases.py" line="261"/>
        <source>Close case {0}</source>
        <translation>关闭个案 {0}</translation>
    </message>
    <message>
        <location filename="../cases.py" line="261"/>
        <source>&amp;Close case</source>
        <translation>关闭个案(&amp;C)</translation>
    </message>
    <message>
        <location filename="../cases.py" line="264"/>
        <source>Case {0} ({1}) of {2} is closed once no step is open.</source>
        <translation>{2} 的个案 {0}（{1}）在没有未完成的步骤时才能关闭。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="270"/>
        <source>Date closed</source>
        <translation>关闭日期</translation>
    </message>
    <message>
        <location filename="../cases.py" line="270"/>
        <source>&amp;Closed on:</source>
        <translation>关闭日期(&amp;C)：</translation>
    </message>
</context>
<context>
    <name>CloseDialog</name>
    <message>
        <location filename="../queries_view.py" line="331"/>
        <source>Re-open query #{0}</source>
        <translation>重新打开质疑 #{0}</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="331"/>
        <source>Close query #{0}</source>
        <translation>关闭质疑 #{0}</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="332"/>
        <source>&amp;Re-open</source>
        <translation>重新打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="332"/>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="336"/>
        <source>Query:</source>
        <translation>质疑：</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="337"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="337"/>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="337"/>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="342"/>
        <source>Give the reason for re-opening: the site reads it.</source>
        <translation>请填写重新打开的原因：研究中心会看到它。</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <location filename="../course_tab.py" line="223"/>
        <source>Record a consent: {0}</source>
        <translation>记录知情同意：{0}</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="223"/>
        <source>&amp;Record consent</source>
        <translation>记录知情同意(&amp;R)</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="224"/>
        <source>Consent version</source>
        <translation>知情同意书版本</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="226"/>
        <source>&amp;Version:</source>
        <translation>版本(&amp;V)：</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="227"/>
        <source>Consent date</source>
        <translation>知情同意日期</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="227"/>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="228"/>
        <source>Consented by</source>
        <translation>签署人</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="231"/>
        <source>Consented &amp;by:</source>
        <translation>签署人(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="236"/>
        <source>Give the consent form&apos;s version.</source>
        <translation>请填写知情同意书的版本。</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="240"/>
        <source>The subject&apos;s consent version becomes the newest consent&apos;s. A minor consented by a parent or guardian consents again from 1 January of the year they turn 18.</source>
        <translation>受试者的知情同意版本取最新一次同意的版本。由父母或监护人代签的未成年人，自其年满18岁当年的1月1日起须本人重新签署。</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../dialogs.py" line="669"/>
        <source>Record a contact attempt: {0}</source>
        <translation>记录联系尝试：{0}</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="669"/>
        <source>&amp;Record attempt</source>
        <translation>记录尝试(&amp;R)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="674"/>
        <source>Date of the attempt</source>
        <translation>尝试日期</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="674"/>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="675"/>
        <source>Channel</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="675"/>
        <source>&amp;Channel:</source>
        <translation>方式(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="676"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="676"/>
        <source>&amp;Outcome:</source>
        <translation>结果(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="678"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="678"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="678"/>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
</context>
<context>
    <name>CorrectScreenDialog</name>
    <message>
        <location filename="../screening.py" line="177"/>
        <source>Correct the safety screen: {0}</source>
        <translation>更正安全性筛查：{0}</translation>
    </message>
    <message>
        <location filename="../screening.py" line="178"/>
        <source>&amp;Save correction</source>
        <translation>保存更正(&amp;S)</translation>
    </message>
    <message>
        <location filename="../screening.py" line="179"/>
        <source>The safety screen of {0} on {1} ({2}). Change the answers that were entered wrongly.</source>
        <translation>{0} 于 {1} 的安全性筛查（{2}）。请修改录入错误的回答。</translation>
    </message>
    <message>
        <location filename="../screening.py" line="180"/>
        <source>the unscheduled visit</source>
        <translation>计划外访视</translation>
    </message>
    <message>
        <location filename="../screening.py" line="200"/>
        <source>Change at least one answer.</source>
        <translation>请至少修改一个回答。</translation>
    </message>
</context>
<context>
    <name>CourseTab</name>
    <message>
        <location filename="../course_tab.py" line="87"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="95"/>
        <source>The {0} “{1}” is not a number above 0.</source>
        <translation>{0}“{1}”不是大于0的数字。</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="268"/>
        <location filename="../course_tab.py" line="290"/>
        <source>Infusions</source>
        <translation>输注</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="269"/>
        <location filename="../course_tab.py" line="291"/>
        <source>Immunoglobulin replacement</source>
        <translation>免疫球蛋白替代治疗</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="270"/>
        <location filename="../course_tab.py" line="292"/>
        <source>Consents</source>
        <translation>知情同意</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="278"/>
        <source>Record re-&amp;infusion…</source>
        <translation>记录再次输注(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="279"/>
        <source>Record replacement…</source>
        <translation>记录替代治疗…</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="280"/>
        <source>Stop replacement…</source>
        <translation>停止替代治疗…</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="281"/>
        <source>Record consent…</source>
        <translation>记录知情同意…</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="282"/>
        <source>Re-consent</source>
        <translation>重新知情同意</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="313"/>
        <source>Consented by a parent or guardian: the subject consents again from {0}, when they are of age.</source>
        <translation>由父母或监护人代签：受试者成年后，自{0}起须本人重新签署知情同意。</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="340"/>
        <source>Re-infusion recorded; the plan restarts.</source>
        <translation>已记录再次输注；访视计划重新开始。</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="347"/>
        <source>Replacement recorded.</source>
        <translation>已记录替代治疗。</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="354"/>
        <source>Replacement stopped.</source>
        <translation>替代治疗已停止。</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="358"/>
        <source>Consent recorded.</source>
        <translation>已记录知情同意。</translation>
    </message>
</context>
<context>
    <name>CurvesView</name>
    <message>
        <location filename="../dose_page.py" line="254"/>
        <source>Dose &amp;level:</source>
        <translation>剂量组(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="254"/>
        <source>Dose level</source>
        <translation>剂量组</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="255"/>
        <source>&amp;Analyte:</source>
        <translation>检测项目(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="255"/>
        <source>Analyte</source>
        <translation>检测项目</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="257"/>
        <source>Curves of the dose level</source>
        <translation>剂量组曲线</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="258"/>
        <location filename="../dose_page.py" line="369"/>
        <source>Click a subject&apos;s line to open the subject&apos;s chart</source>
        <translation>单击受试者的曲线可打开其病历</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="260"/>
        <source>Subjects of the dose level</source>
        <translation>该剂量组的受试者</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="262"/>
        <source>Double-click or press Enter to open the subject&apos;s chart</source>
        <translation>双击或按 Enter 打开受试者病历</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="304"/>
        <source>{0} ({1}), {2}: {3} subjects</source>
        <translation>{0}（{1}），{2}：{3} 例受试者</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="306"/>
        <source>Study day (Day 0 = infusion)</source>
        <translation>研究日（第 0 天 = 回输）</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="340"/>
        <source>median of {0}</source>
        <translation>{0} 中位值</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="350"/>
        <source>{0} value(s) below the limit of quantification cannot be shown on the log scale.</source>
        <translation>{0} 个低于定量下限的值无法在对数坐标上显示。</translation>
    </message>
</context>
<context>
    <name>DatedDialog</name>
    <message>
        <location filename="../dialogs.py" line="659"/>
        <source>The date {0} is in the future (today is {1}).</source>
        <translation>日期 {0} 在未来（今天是 {1}）。</translation>
    </message>
</context>
<context>
    <name>DosePage</name>
    <message>
        <location filename="../dose_page.py" line="88"/>
        <location filename="../dose_page.py" line="95"/>
        <location filename="../dose_page.py" line="141"/>
        <source>Dose level</source>
        <translation>剂量组</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="109"/>
        <source>Treated</source>
        <translation>已治疗</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="110"/>
        <source>Evaluable</source>
        <translation>可评估</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="111"/>
        <source>In DLT window</source>
        <translation>DLT 观察中</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="112"/>
        <source>With DLT</source>
        <translation>发生 DLT</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="113"/>
        <source>Subjects with DLT</source>
        <translation>发生 DLT 的受试者</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="114"/>
        <source>Dose-finding DLTs and decision</source>
        <translation>剂量探索 DLT 及决策</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="121"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="123"/>
        <source>Cohort</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="125"/>
        <location filename="../dose_page.py" line="172"/>
        <location filename="../dose_page.py" line="232"/>
        <source>Subjects</source>
        <translation>受试者</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="127"/>
        <source>With DLT: {0}</source>
        <translation>发生 DLT：{0}</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="128"/>
        <location filename="../dose_page.py" line="424"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="131"/>
        <source>DLTs at the level so far and decision</source>
        <translation>该剂量组累计 DLT 及决策</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="142"/>
        <source>Expansion subjects</source>
        <translation>扩展队列受试者</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="143"/>
        <source>Expansion with DLT</source>
        <translation>扩展队列发生 DLT</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="145"/>
        <source>Level: DLT / evaluable</source>
        <translation>该剂量组合计：DLT / 可评估</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="149"/>
        <source>DLT rate</source>
        <translation>DLT 发生率</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="152"/>
        <source>Exact 95% CI</source>
        <translation>精确 95% 置信区间</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="156"/>
        <source>Rate ≥ 33%</source>
        <translation>发生率 ≥ 33%</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="158"/>
        <source>Yes: review</source>
        <translation>是：需审查</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="160"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="89"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="176"/>
        <source>{0} none</source>
        <translation>{0} 无</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="189"/>
        <source>Subjects with CRS</source>
        <translation>发生 CRS 的受试者</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="191"/>
        <source>CRS onset, study day: median (range)</source>
        <translation>CRS 发生研究日：中位值（范围）</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="195"/>
        <source>CRS duration, days: median (range)</source>
        <translation>CRS 持续天数：中位值（范围）</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="198"/>
        <source>Not resolved yet</source>
        <translation>尚未缓解</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="211"/>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="212"/>
        <source>Values</source>
        <translation>数值个数</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="214"/>
        <source>Highest, Day 0–91</source>
        <translation>最高值（第 0–91 天）</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="219"/>
        <source>On day</source>
        <translation>所在研究日</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="231"/>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="233"/>
        <source>Baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="234"/>
        <source>Peak, Day 0–28</source>
        <translation>峰值（第 0–28 天）</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="235"/>
        <source>Day of peak</source>
        <translation>峰值日</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="236"/>
        <source>Fold change</source>
        <translation>倍数变化</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="237"/>
        <source>AUC Day 0–28</source>
        <translation>AUC（第 0–28 天）</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="426"/>
        <source>grade {0}</source>
        <translation>{0} 级</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="454"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="456"/>
        <source>Compute the dose levels again (F5)</source>
        <translation>重新计算剂量组 (F5)</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="458"/>
        <source>Maximum tolerated dose</source>
        <translation>最大耐受剂量</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="459"/>
        <source>Your role does not include the dose-level safety review.</source>
        <translation>您的角色不包括剂量组安全性审查。</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="463"/>
        <source>Dose levels</source>
        <translation>剂量组</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="465"/>
        <source>Escalation history</source>
        <translation>剂量递增过程</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="467"/>
        <source>Expansion cohorts</source>
        <translation>扩展队列</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="470"/>
        <source>Escalation history: each cohort in order of infusion</source>
        <translation>剂量递增过程：按回输顺序列出每个队列</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="472"/>
        <source>Expansion cohorts: subjects treated after the level&apos;s dose-finding subjects</source>
        <translation>扩展队列：在该剂量组剂量探索受试者之后接受治疗的受试者</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="477"/>
        <source>CRS and ICANS grades</source>
        <translation>CRS 和 ICANS 分级</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="479"/>
        <source>CRS onset and duration</source>
        <translation>CRS 发生时间和持续时间</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="481"/>
        <source>Subjects by worst grade (ASTCT 2019; 5 = death)</source>
        <translation>按最高分级统计受试者（ASTCT 2019；5 = 死亡）</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="483"/>
        <source>Onset and duration of each subject&apos;s first CRS after the infusion</source>
        <translation>每例受试者回输后首次 CRS 的发生时间和持续时间</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="492"/>
        <source>Dose decision</source>
        <translation>剂量决策</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="493"/>
        <source>CRS and ICANS</source>
        <translation>CRS 和 ICANS</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="494"/>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="495"/>
        <source>Pharmacodynamics</source>
        <translation>药效学</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="498"/>
        <source>St&amp;udy:</source>
        <translation>研究(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="515"/>
        <source>Double-click a dose level to see its curves</source>
        <translation>双击剂量组可查看其曲线</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="520"/>
        <source>Dose levels as of {0}</source>
        <translation>截至 {0} 的剂量组</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="581"/>
        <source>BOIN, target DLT rate {0:g}</source>
        <translation>BOIN，目标 DLT 发生率 {0:g}</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="585"/>
        <source>Design: {0}; DLT window Day 0 to Day {1}; data as of {2}.</source>
        <translation>设计：{0}；DLT 观察期第 0 天至第 {1} 天；数据截至 {2}。</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <location filename="../entry_dialogs.py" line="391"/>
        <source>Enrol a subject</source>
        <translation>入组受试者</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="391"/>
        <source>&amp;Enrol</source>
        <translation>入组(&amp;E)</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="392"/>
        <source>Study</source>
        <translation>研究</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="395"/>
        <source>Study id</source>
        <translation>受试者编号</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="396"/>
        <source>e.g. CD1922-041</source>
        <translation>例如 CD1922-041</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="399"/>
        <source>Site</source>
        <translation>中心</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="401"/>
        <source>Dose level</source>
        <translation>剂量组</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="404"/>
        <source>Infusion date</source>
        <translation>回输日期</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="405"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="406"/>
        <source>not given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="409"/>
        <source>St&amp;udy:</source>
        <translation>研究(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="410"/>
        <source>Study &amp;id:</source>
        <translation>受试者编号(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="411"/>
        <source>S&amp;ite:</source>
        <translation>中心(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="412"/>
        <source>&amp;Dose level:</source>
        <translation>剂量组(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="413"/>
        <source>In&amp;fusion date (Day 0):</source>
        <translation>回输日期（第 0 天）(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="414"/>
        <source>Se&amp;x:</source>
        <translation>性别(&amp;X)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="427"/>
        <source>Enter the subject&apos;s study id.</source>
        <translation>请输入受试者编号。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="429"/>
        <source>Enter the site code.</source>
        <translation>请输入中心代码。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="431"/>
        <source>Enter the dose level (e.g. DL1).</source>
        <translation>请输入剂量组（例如 DL1）。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="435"/>
        <source>Every visit of study {0} is planned from Day 0, {1}.</source>
        <translation>研究 {0} 的每次访视将从第 0 天（{1}）起排定。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../errors.py" line="51"/>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../errors.py" line="56"/>
        <source>Something went wrong</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <location filename="../errors.py" line="57"/>
        <source>An unexpected problem ({0}) stopped this action; nothing else was changed. The details are in the log file. You can go on working.</source>
        <translation>意外问题（{0}）中止了此操作；其他内容均未更改。详细信息已写入日志文件。您可以继续工作。</translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <location filename="../dialogs.py" line="486"/>
        <source>Record an event: {0}</source>
        <translation>记录事件：{0}</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="486"/>
        <source>&amp;Record event</source>
        <translation>记录事件(&amp;R)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="490"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="490"/>
        <source>&amp;Event:</source>
        <translation>事件(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="491"/>
        <source>Event date</source>
        <translation>事件日期</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="491"/>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="500"/>
        <source>Response</source>
        <translation>疗效</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="501"/>
        <source>&amp;MRD negative (&lt; 0.01%)</source>
        <translation>MRD 阴性（&lt; 0.01%）(&amp;M)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="502"/>
        <source>Res&amp;ponse:</source>
        <translation>疗效(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="510"/>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="513"/>
        <source>{0} status</source>
        <translation>{0} 状态</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="514"/>
        <source>&amp;Lineage switch</source>
        <translation>谱系转换(&amp;L)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="515"/>
        <source>CD&amp;19:</source>
        <translation>CD19(&amp;1)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="516"/>
        <source>CD&amp;22:</source>
        <translation>CD22(&amp;2)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="521"/>
        <source>Cause of death</source>
        <translation>死亡原因</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="522"/>
        <source>&amp;Cause:</source>
        <translation>原因(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="526"/>
        <source>Withdrawal scope</source>
        <translation>退出范围</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="529"/>
        <source>&amp;Withdrawn from:</source>
        <translation>退出(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="541"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="544"/>
        <source>What was given</source>
        <translation>治疗内容</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="545"/>
        <source>optional: donor, regimen or product</source>
        <translation>可选：供者、方案或产品</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="546"/>
        <source>T&amp;ype:</source>
        <translation>类型(&amp;Y)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="547"/>
        <source>&amp;Given:</source>
        <translation>内容(&amp;G)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="552"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="553"/>
        <location filename="../dialogs.py" line="557"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="554"/>
        <source>De&amp;tail:</source>
        <translation>详情(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="557"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="557"/>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="579"/>
        <source>The date {0} is in the future (today is {1}).</source>
        <translation>日期 {0} 在未来（今天是 {1}）。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="581"/>
        <source>Give the cause of death.</source>
        <translation>请填写死亡原因。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="587"/>
        <source>Every later visit will be cancelled (death), and the subject leaves the letter run.</source>
        <translation>之后的所有访视都将取消（死亡），该受试者不再收到信件。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="590"/>
        <source>Treatment only: visits go on. Visits: later visits become survival phone contacts. Everything: every later visit is cancelled.</source>
        <translation>仅治疗：访视继续。访视：之后的访视改为生存电话随访。全部：之后的所有访视都取消。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="594"/>
        <source>Efficacy assessments (disease, PK, HAMA) stop; survival, safety, B cells and RCL go on.</source>
        <translation>疗效评估（疾病、PK、HAMA）停止；生存、安全性、B 细胞和 RCL 继续。</translation>
    </message>
</context>
<context>
    <name>ExportCsvDialog</name>
    <message>
        <location filename="../export.py" line="52"/>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <location filename="../export.py" line="52"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../export.py" line="55"/>
        <source>One CSV file per table, dictionary.csv (what every column means), README.txt and a manifest with checksums. The folder must be empty or hold an earlier ltfu export, which is replaced.</source>
        <translation>每张表一个 CSV 文件，另有 dictionary.csv（每一列的含义）、README.txt 和带校验和的清单。文件夹必须为空，或为此前的 ltfu 导出（将被替换）。</translation>
    </message>
    <message>
        <location filename="../export.py" line="59"/>
        <source>Export folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <location filename="../export.py" line="60"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../export.py" line="62"/>
        <source>&amp;Folder:</source>
        <translation>文件夹(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../export.py" line="63"/>
        <source>Include &amp;contacts: names, birth dates, addresses, phone numbers</source>
        <translation>包含联系信息(&amp;C)：姓名、出生日期、地址、电话号码</translation>
    </message>
    <message>
        <location filename="../export.py" line="67"/>
        <source>Your role may not export contact details.</source>
        <translation>您的角色无权导出联系方式。</translation>
    </message>
    <message>
        <location filename="../export.py" line="71"/>
        <source>Protected health information: the export will identify patients. Send it only where the consent and the contract allow, keep it on encrypted storage, and never by e-mail. Without this box the export holds study ids only.</source>
        <translation>受保护的健康信息：此导出可识别患者身份。仅在知情同意和合同允许的范围内发送，存放于加密存储，切勿通过电子邮件发送。不勾选此项时，导出仅包含研究编号。</translation>
    </message>
    <message>
        <location filename="../export.py" line="83"/>
        <source>Warning about protected health information</source>
        <translation>关于受保护健康信息的警告</translation>
    </message>
    <message>
        <location filename="../export.py" line="91"/>
        <source>Folder for the CSV export</source>
        <translation>CSV 导出文件夹</translation>
    </message>
    <message>
        <location filename="../export.py" line="96"/>
        <source>Choose the folder to write to.</source>
        <translation>请选择要写入的文件夹。</translation>
    </message>
    <message>
        <location filename="../export.py" line="99"/>
        <source>Exporting CSV…</source>
        <translation>正在导出 CSV…</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <location filename="../export.py" line="188"/>
        <source>Export written</source>
        <translation>导出已写入</translation>
    </message>
    <message>
        <location filename="../export.py" line="205"/>
        <source>CDISC ODM 1.3.2 file</source>
        <translation>CDISC ODM 1.3.2 文件</translation>
    </message>
    <message>
        <location filename="../export.py" line="205"/>
        <source>ODM XML files (*.xml)</source>
        <translation>ODM XML 文件 (*.xml)</translation>
    </message>
    <message>
        <location filename="../export.py" line="213"/>
        <location filename="../export.py" line="224"/>
        <source>Writing the ODM file…</source>
        <translation>正在写入 ODM 文件…</translation>
    </message>
    <message>
        <location filename="../export.py" line="231"/>
        <location filename="../export.py" line="241"/>
        <source>Handover archive</source>
        <translation>交接归档</translation>
    </message>
    <message>
        <location filename="../export.py" line="233"/>
        <source>The archive holds every record, the audit trail, the data dictionary and checksums, so the study can be restored on another computer: it includes names and addresses. Store it like the database itself. Write it now?</source>
        <translation>归档包含所有记录、稽查轨迹、数据字典和校验和，可在另一台计算机上恢复研究；其中包括姓名和地址。请像保管数据库本身一样保管它。现在写入吗？</translation>
    </message>
    <message>
        <location filename="../export.py" line="241"/>
        <source>Zip archives (*.zip)</source>
        <translation>Zip 归档 (*.zip)</translation>
    </message>
    <message>
        <location filename="../export.py" line="250"/>
        <source>Writing the archive…</source>
        <translation>正在写入归档…</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <location filename="../labels.py" line="70"/>
        <location filename="../labels.py" line="109"/>
        <source>adverse event</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="71"/>
        <source>audit entry</source>
        <translation>稽查记录</translation>
    </message>
    <message>
        <location filename="../labels.py" line="72"/>
        <source>case step</source>
        <translation>个案步骤</translation>
    </message>
    <message>
        <location filename="../labels.py" line="73"/>
        <source>clinical event</source>
        <translation>临床事件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="74"/>
        <source>contact details</source>
        <translation>联系信息</translation>
    </message>
    <message>
        <location filename="../labels.py" line="76"/>
        <source>contact attempt</source>
        <translation>联系尝试</translation>
    </message>
    <message>
        <location filename="../labels.py" line="78"/>
        <location filename="../labels.py" line="194"/>
        <source>infusion</source>
        <translation>回输</translation>
    </message>
    <message>
        <location filename="../labels.py" line="79"/>
        <source>IND report plan</source>
        <translation>IND 报告计划</translation>
    </message>
    <message>
        <location filename="../labels.py" line="80"/>
        <source>data query</source>
        <translation>数据质疑</translation>
    </message>
    <message>
        <location filename="../labels.py" line="83"/>
        <source>letter</source>
        <translation>信函</translation>
    </message>
    <message>
        <location filename="../labels.py" line="85"/>
        <location filename="../labels.py" line="224"/>
        <source>protocol version</source>
        <translation>方案版本</translation>
    </message>
    <message>
        <location filename="../labels.py" line="86"/>
        <location filename="../labels.py" line="235"/>
        <source>result</source>
        <translation>检测结果</translation>
    </message>
    <message>
        <location filename="../labels.py" line="87"/>
        <source>result file</source>
        <translation>结果文件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="89"/>
        <source>safety alert</source>
        <translation>安全警报</translation>
    </message>
    <message>
        <location filename="../labels.py" line="90"/>
        <location filename="../labels.py" line="152"/>
        <source>safety case</source>
        <translation>安全性个案</translation>
    </message>
    <message>
        <location filename="../labels.py" line="91"/>
        <source>safety report</source>
        <translation>安全性报告</translation>
    </message>
    <message>
        <location filename="../labels.py" line="92"/>
        <source>safety screen</source>
        <translation>安全性筛查</translation>
    </message>
    <message>
        <location filename="../labels.py" line="93"/>
        <location filename="../labels.py" line="243"/>
        <source>sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <location filename="../labels.py" line="94"/>
        <source>sample test</source>
        <translation>样本检测</translation>
    </message>
    <message>
        <location filename="../labels.py" line="95"/>
        <source>signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../labels.py" line="96"/>
        <location filename="../labels.py" line="255"/>
        <source>site</source>
        <translation>研究中心</translation>
    </message>
    <message>
        <location filename="../labels.py" line="97"/>
        <location filename="../labels.py" line="264"/>
        <source>subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <location filename="../labels.py" line="98"/>
        <location filename="../labels.py" line="271"/>
        <source>user</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../labels.py" line="99"/>
        <location filename="../labels.py" line="276"/>
        <source>visit</source>
        <translation>访视</translation>
    </message>
    <message>
        <location filename="../labels.py" line="100"/>
        <source>visit status change</source>
        <translation>访视状态变更</translation>
    </message>
    <message>
        <location filename="../labels.py" line="104"/>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../labels.py" line="105"/>
        <source>date done</source>
        <translation>实际日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="106"/>
        <source>mode done</source>
        <translation>实际方式</translation>
    </message>
    <message>
        <location filename="../labels.py" line="107"/>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../labels.py" line="108"/>
        <source>address changed</source>
        <translation>地址已变更</translation>
    </message>
    <message>
        <location filename="../labels.py" line="110"/>
        <source>aliquots</source>
        <translation>分装数</translation>
    </message>
    <message>
        <location filename="../labels.py" line="111"/>
        <source>alternate contacts</source>
        <translation>备用联系人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="112"/>
        <source>analyte</source>
        <translation>检测项目</translation>
    </message>
    <message>
        <location filename="../labels.py" line="113"/>
        <source>assay</source>
        <translation>检测方法</translation>
    </message>
    <message>
        <location filename="../labels.py" line="114"/>
        <source>assessments</source>
        <translation>评估项目</translation>
    </message>
    <message>
        <location filename="../labels.py" line="115"/>
        <source>attempt date</source>
        <translation>尝试日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="116"/>
        <source>audit entries</source>
        <translation>稽查记录数</translation>
    </message>
    <message>
        <location filename="../labels.py" line="117"/>
        <source>audit hash</source>
        <translation>稽查哈希</translation>
    </message>
    <message>
        <location filename="../labels.py" line="129"/>
        <source>autoimmune disorder</source>
        <translation>自身免疫疾病</translation>
    </message>
    <message>
        <location filename="../labels.py" line="130"/>
        <source>date the site knew</source>
        <translation>中心获知日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="131"/>
        <source>reporting period end</source>
        <translation>报告期截止日</translation>
    </message>
    <message>
        <location filename="../labels.py" line="132"/>
        <source>plan for the coming year</source>
        <translation>下一年度计划</translation>
    </message>
    <message>
        <location filename="../labels.py" line="133"/>
        <source>queried record</source>
        <translation>被质疑的记录</translation>
    </message>
    <message>
        <location filename="../labels.py" line="125"/>
        <source>record number</source>
        <translation>记录编号</translation>
    </message>
    <message>
        <location filename="../labels.py" line="75"/>
        <source>consent</source>
        <translation>知情同意</translation>
    </message>
    <message>
        <location filename="../labels.py" line="77"/>
        <source>data cut</source>
        <translation>数据冻结点</translation>
    </message>
    <message>
        <location filename="../labels.py" line="81"/>
        <source>access grant</source>
        <translation>访问授权</translation>
    </message>
    <message>
        <location filename="../labels.py" line="82"/>
        <source>move to another site</source>
        <translation>转至其他中心</translation>
    </message>
    <message>
        <location filename="../labels.py" line="84"/>
        <source>immunoglobulin replacement</source>
        <translation>免疫球蛋白替代治疗</translation>
    </message>
    <message>
        <location filename="../labels.py" line="88"/>
        <source>result file, rows added since</source>
        <translation>结果文件的新增部分</translation>
    </message>
    <message>
        <location filename="../labels.py" line="101"/>
        <source>source verification</source>
        <translation>源数据核查</translation>
    </message>
    <message>
        <location filename="../labels.py" line="118"/>
        <source>data up to</source>
        <translation>数据截至</translation>
    </message>
    <message>
        <location filename="../labels.py" line="119"/>
        <source>last audit entry</source>
        <translation>最后一条稽查记录</translation>
    </message>
    <message>
        <location filename="../labels.py" line="120"/>
        <source>why cleared</source>
        <translation>清除原因</translation>
    </message>
    <message>
        <location filename="../labels.py" line="121"/>
        <source>cleared at</source>
        <translation>清除时间</translation>
    </message>
    <message>
        <location filename="../labels.py" line="122"/>
        <source>cleared by</source>
        <translation>清除人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="123"/>
        <source>frozen at</source>
        <translation>冻结时间</translation>
    </message>
    <message>
        <location filename="../labels.py" line="124"/>
        <source>frozen by</source>
        <translation>冻结人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="126"/>
        <source>record kind</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <location filename="../labels.py" line="127"/>
        <source>verified at</source>
        <translation>核查时间</translation>
    </message>
    <message>
        <location filename="../labels.py" line="128"/>
        <source>verified by</source>
        <translation>核查人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="134"/>
        <source>field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../labels.py" line="135"/>
        <source>question</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../labels.py" line="136"/>
        <source>edit check</source>
        <translation>逻辑核查</translation>
    </message>
    <message>
        <location filename="../labels.py" line="137"/>
        <source>raised by</source>
        <translation>发起人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="138"/>
        <source>raised at</source>
        <translation>发起时间</translation>
    </message>
    <message>
        <location filename="../labels.py" line="139"/>
        <source>answer</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../labels.py" line="140"/>
        <source>answered by</source>
        <translation>回复人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="141"/>
        <source>answered at</source>
        <translation>回复时间</translation>
    </message>
    <message>
        <location filename="../labels.py" line="142"/>
        <source>correction (audit entry)</source>
        <translation>更正（审计记录）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="143"/>
        <source>closed at</source>
        <translation>关闭时间</translation>
    </message>
    <message>
        <location filename="../labels.py" line="144"/>
        <source>site left</source>
        <translation>转出中心</translation>
    </message>
    <message>
        <location filename="../labels.py" line="145"/>
        <source>new site</source>
        <translation>转入中心</translation>
    </message>
    <message>
        <location filename="../labels.py" line="146"/>
        <source>date of the move</source>
        <translation>转中心日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="147"/>
        <source>protocol</source>
        <translation>方案</translation>
    </message>
    <message>
        <location filename="../labels.py" line="148"/>
        <source>birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="149"/>
        <source>birth year</source>
        <translation>出生年份</translation>
    </message>
    <message>
        <location filename="../labels.py" line="150"/>
        <source>below LLOQ</source>
        <translation>低于定量下限</translation>
    </message>
    <message>
        <location filename="../labels.py" line="151"/>
        <source>box</source>
        <translation>盒</translation>
    </message>
    <message>
        <location filename="../labels.py" line="153"/>
        <source>category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../labels.py" line="154"/>
        <source>cause</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../labels.py" line="155"/>
        <source>CD19 status</source>
        <translation>CD19 状态</translation>
    </message>
    <message>
        <location filename="../labels.py" line="156"/>
        <source>CD22 status</source>
        <translation>CD22 状态</translation>
    </message>
    <message>
        <location filename="../labels.py" line="157"/>
        <source>cell dose</source>
        <translation>细胞剂量</translation>
    </message>
    <message>
        <location filename="../labels.py" line="158"/>
        <source>channel</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../labels.py" line="159"/>
        <source>city</source>
        <translation>城市</translation>
    </message>
    <message>
        <location filename="../labels.py" line="160"/>
        <source>closed by</source>
        <translation>关闭人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="161"/>
        <source>closed on</source>
        <translation>关闭日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="162"/>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../labels.py" line="163"/>
        <source>confidential address</source>
        <translation>地址保密</translation>
    </message>
    <message>
        <location filename="../labels.py" line="164"/>
        <source>consent date</source>
        <translation>知情同意日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="165"/>
        <source>consent version</source>
        <translation>知情同意书版本</translation>
    </message>
    <message>
        <location filename="../labels.py" line="166"/>
        <source>consented by</source>
        <translation>签署人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="167"/>
        <source>contact date</source>
        <translation>联系日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="168"/>
        <source>country</source>
        <translation>国家</translation>
    </message>
    <message>
        <location filename="../labels.py" line="169"/>
        <source>data hash</source>
        <translation>数据哈希</translation>
    </message>
    <message>
        <location filename="../labels.py" line="170"/>
        <source>cause of death</source>
        <translation>死亡原因</translation>
    </message>
    <message>
        <location filename="../labels.py" line="171"/>
        <source>reason destroyed</source>
        <translation>销毁原因</translation>
    </message>
    <message>
        <location filename="../labels.py" line="172"/>
        <source>destroyed on</source>
        <translation>销毁日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="173"/>
        <source>detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../labels.py" line="174"/>
        <source>DLT</source>
        <translation>DLT</translation>
    </message>
    <message>
        <location filename="../labels.py" line="175"/>
        <source>dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <location filename="../labels.py" line="176"/>
        <source>document</source>
        <translation>文件类型</translation>
    </message>
    <message>
        <location filename="../labels.py" line="177"/>
        <source>document hash</source>
        <translation>文件哈希</translation>
    </message>
    <message>
        <location filename="../labels.py" line="178"/>
        <source>done by</source>
        <translation>完成人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="179"/>
        <source>done on</source>
        <translation>完成日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="180"/>
        <source>dose level</source>
        <translation>剂量组</translation>
    </message>
    <message>
        <location filename="../labels.py" line="181"/>
        <source>date drawn</source>
        <translation>采样日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="182"/>
        <source>due date</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="183"/>
        <source>e-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="184"/>
        <source>enrolled on</source>
        <translation>入组日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="185"/>
        <source>event date</source>
        <translation>事件日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="186"/>
        <source>family name</source>
        <translation>姓</translation>
    </message>
    <message>
        <location filename="../labels.py" line="187"/>
        <source>freezer</source>
        <translation>冰箱</translation>
    </message>
    <message>
        <location filename="../labels.py" line="188"/>
        <source>full name</source>
        <translation>全名</translation>
    </message>
    <message>
        <location filename="../labels.py" line="189"/>
        <source>given name</source>
        <translation>名</translation>
    </message>
    <message>
        <location filename="../labels.py" line="190"/>
        <source>grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <location filename="../labels.py" line="191"/>
        <source>haematological disorder</source>
        <translation>血液系统疾病</translation>
    </message>
    <message>
        <location filename="../labels.py" line="192"/>
        <source>hospitalisation</source>
        <translation>住院</translation>
    </message>
    <message>
        <location filename="../labels.py" line="193"/>
        <source>infusion date</source>
        <translation>回输日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="195"/>
        <source>keep until</source>
        <translation>保存至</translation>
    </message>
    <message>
        <location filename="../labels.py" line="196"/>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../labels.py" line="197"/>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../labels.py" line="198"/>
        <source>lineage switch</source>
        <translation>谱系转换</translation>
    </message>
    <message>
        <location filename="../labels.py" line="199"/>
        <source>LLOQ</source>
        <translation>定量下限</translation>
    </message>
    <message>
        <location filename="../labels.py" line="200"/>
        <source>local physician</source>
        <translation>当地医生</translation>
    </message>
    <message>
        <location filename="../labels.py" line="201"/>
        <source>meaning</source>
        <translation>签名含义</translation>
    </message>
    <message>
        <location filename="../labels.py" line="202"/>
        <source>mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../labels.py" line="203"/>
        <source>MRD negative</source>
        <translation>MRD 阴性</translation>
    </message>
    <message>
        <location filename="../labels.py" line="204"/>
        <source>neurological disorder</source>
        <translation>神经系统疾病</translation>
    </message>
    <message>
        <location filename="../labels.py" line="205"/>
        <source>new doctor</source>
        <translation>新医生</translation>
    </message>
    <message>
        <location filename="../labels.py" line="206"/>
        <source>new malignancy</source>
        <translation>新发恶性肿瘤</translation>
    </message>
    <message>
        <location filename="../labels.py" line="207"/>
        <source>new medicines</source>
        <translation>新用药</translation>
    </message>
    <message>
        <location filename="../labels.py" line="208"/>
        <source>nominal date</source>
        <translation>计划日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="209"/>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../labels.py" line="210"/>
        <source>onset date</source>
        <translation>发生日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="211"/>
        <source>out of window</source>
        <translation>窗口外</translation>
    </message>
    <message>
        <location filename="../labels.py" line="212"/>
        <source>outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../labels.py" line="213"/>
        <source>owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="214"/>
        <source>password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../labels.py" line="215"/>
        <source>performed by</source>
        <translation>执行人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="216"/>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../labels.py" line="217"/>
        <source>position</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../labels.py" line="218"/>
        <source>postal code</source>
        <translation>邮编</translation>
    </message>
    <message>
        <location filename="../labels.py" line="219"/>
        <source>preferred channel</source>
        <translation>首选联系方式</translation>
    </message>
    <message>
        <location filename="../labels.py" line="220"/>
        <source>printed by</source>
        <translation>打印人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="221"/>
        <source>printed name</source>
        <translation>打印姓名</translation>
    </message>
    <message>
        <location filename="../labels.py" line="222"/>
        <source>printed on</source>
        <translation>打印日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="223"/>
        <source>product lot</source>
        <translation>产品批号</translation>
    </message>
    <message>
        <location filename="../labels.py" line="225"/>
        <source>race</source>
        <translation>种族</translation>
    </message>
    <message>
        <location filename="../labels.py" line="226"/>
        <source>rack</source>
        <translation>架</translation>
    </message>
    <message>
        <location filename="../labels.py" line="227"/>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../labels.py" line="228"/>
        <source>recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="229"/>
        <source>recipient</source>
        <translation>接收方</translation>
    </message>
    <message>
        <location filename="../labels.py" line="230"/>
        <source>reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../labels.py" line="231"/>
        <source>related</source>
        <translation>相关</translation>
    </message>
    <message>
        <location filename="../labels.py" line="232"/>
        <source>resolution date</source>
        <translation>缓解日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="233"/>
        <source>response</source>
        <translation>缓解情况</translation>
    </message>
    <message>
        <location filename="../labels.py" line="234"/>
        <source>result date</source>
        <translation>结果日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="236"/>
        <source>result text</source>
        <translation>结果文本</translation>
    </message>
    <message>
        <location filename="../labels.py" line="237"/>
        <source>result time</source>
        <translation>结果时间</translation>
    </message>
    <message>
        <location filename="../labels.py" line="238"/>
        <source>returned mail</source>
        <translation>退信</translation>
    </message>
    <message>
        <location filename="../labels.py" line="239"/>
        <source>returned on</source>
        <translation>退回日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="240"/>
        <source>role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../labels.py" line="241"/>
        <source>rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <location filename="../labels.py" line="242"/>
        <source>sample code</source>
        <translation>样本编号</translation>
    </message>
    <message>
        <location filename="../labels.py" line="244"/>
        <source>sample type</source>
        <translation>样本类型</translation>
    </message>
    <message>
        <location filename="../labels.py" line="245"/>
        <source>sent by</source>
        <translation>发送人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="246"/>
        <source>sent on</source>
        <translation>发送日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="247"/>
        <source>sent to</source>
        <translation>发送至</translation>
    </message>
    <message>
        <location filename="../labels.py" line="248"/>
        <source>order</source>
        <translation>顺序</translation>
    </message>
    <message>
        <location filename="../labels.py" line="249"/>
        <source>serious</source>
        <translation>严重</translation>
    </message>
    <message>
        <location filename="../labels.py" line="250"/>
        <source>serious infection</source>
        <translation>严重感染</translation>
    </message>
    <message>
        <location filename="../labels.py" line="251"/>
        <source>sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../labels.py" line="252"/>
        <source>shipped on</source>
        <translation>寄送日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="253"/>
        <source>shipped to</source>
        <translation>寄送至</translation>
    </message>
    <message>
        <location filename="../labels.py" line="254"/>
        <source>signed at</source>
        <translation>签名时间</translation>
    </message>
    <message>
        <location filename="../labels.py" line="256"/>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../labels.py" line="257"/>
        <source>source file</source>
        <translation>来源文件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="258"/>
        <source>special interest</source>
        <translation>特别关注</translation>
    </message>
    <message>
        <location filename="../labels.py" line="259"/>
        <source>start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="260"/>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../labels.py" line="261"/>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../labels.py" line="262"/>
        <source>stop date</source>
        <translation>停止日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="263"/>
        <source>study id</source>
        <translation>研究编号</translation>
    </message>
    <message>
        <location filename="../labels.py" line="265"/>
        <source>T-cell</source>
        <translation>T 细胞</translation>
    </message>
    <message>
        <location filename="../labels.py" line="266"/>
        <source>term</source>
        <translation>术语</translation>
    </message>
    <message>
        <location filename="../labels.py" line="267"/>
        <source>test date</source>
        <translation>检测日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="268"/>
        <source>test</source>
        <translation>检测</translation>
    </message>
    <message>
        <location filename="../labels.py" line="269"/>
        <source>unexpected</source>
        <translation>非预期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="270"/>
        <source>unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../labels.py" line="272"/>
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../labels.py" line="273"/>
        <source>version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../labels.py" line="274"/>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../labels.py" line="275"/>
        <source>visits</source>
        <translation>访视</translation>
    </message>
    <message>
        <location filename="../labels.py" line="277"/>
        <source>reason voided</source>
        <translation>作废原因</translation>
    </message>
    <message>
        <location filename="../labels.py" line="278"/>
        <source>voided at</source>
        <translation>作废时间</translation>
    </message>
    <message>
        <location filename="../labels.py" line="279"/>
        <source>voided by</source>
        <translation>作废人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="280"/>
        <source>window end</source>
        <translation>窗口结束</translation>
    </message>
    <message>
        <location filename="../labels.py" line="281"/>
        <source>window start</source>
        <translation>窗口开始</translation>
    </message>
    <message>
        <location filename="../labels.py" line="282"/>
        <source>withdrawal scope</source>
        <translation>退出范围</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../accounts.py" line="185"/>
        <source>Create the first administrator</source>
        <translation>创建第一个管理员</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="186"/>
        <source>&amp;Create and sign in</source>
        <translation>创建并登录(&amp;C)</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="188"/>
        <source>This database has no user accounts yet (set-up mode): everything done now is recorded under this computer&apos;s login, {0}, with every right. Create the administrator&apos;s account; from then on everyone signs in with their own.</source>
        <translation>此数据库尚无用户账户（设置模式）：现在的一切操作都以本计算机的登录名 {0} 记录，并拥有全部权限。请创建管理员账户；此后每个人都用自己的账户登录。</translation>
    </message>
</context>
<context>
    <name>GrantDialog</name>
    <message>
        <location filename="../accounts.py" line="260"/>
        <source>Revoke access</source>
        <translation>撤销访问权限</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="260"/>
        <source>Grant access</source>
        <translation>授予访问权限</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="261"/>
        <source>Re&amp;voke</source>
        <translation>撤销(&amp;V)</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="261"/>
        <source>&amp;Grant</source>
        <translation>授予(&amp;G)</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="267"/>
        <source>An account without grants sees every subject. With grants, it sees only the subjects of the studies and sites granted (and, read-only, those who moved away from its sites).</source>
        <translation>没有授权的账户可看到所有受试者。有授权时，只能看到所授权研究和中心的受试者（以及从其中心转出的受试者，只读）。</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="271"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="276"/>
        <source>Study</source>
        <translation>研究</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="277"/>
        <source>every study</source>
        <translation>所有研究</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="280"/>
        <source>Site</source>
        <translation>中心</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="281"/>
        <source>every site</source>
        <translation>所有中心</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="284"/>
        <source>&amp;User:</source>
        <translation>用户(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="285"/>
        <source>S&amp;tudy:</source>
        <translation>研究(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="286"/>
        <source>&amp;Site:</source>
        <translation>中心(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="290"/>
        <source>Choose a user.</source>
        <translation>请选择一个用户。</translation>
    </message>
</context>
<context>
    <name>IcalDialog</name>
    <message>
        <location filename="../export.py" line="112"/>
        <source>Export visits to a calendar</source>
        <translation>将访视导出到日历</translation>
    </message>
    <message>
        <location filename="../export.py" line="112"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../export.py" line="115"/>
        <source>One all-day event per open visit on its suggested day, with the window, the mode and what is done. Events name study ids only.</source>
        <translation>每个未完成访视在建议日期生成一个全天事件，包括访视窗口、方式和检查内容。事件中只出现研究编号。</translation>
    </message>
    <message>
        <location filename="../export.py" line="123"/>
        <source>Visits from</source>
        <translation>访视起始日期</translation>
    </message>
    <message>
        <location filename="../export.py" line="125"/>
        <source>Visits until</source>
        <translation>访视截止日期</translation>
    </message>
    <message>
        <location filename="../export.py" line="126"/>
        <source>Visits &amp;from:</source>
        <translation>访视日期从(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../export.py" line="127"/>
        <source>&amp;to:</source>
        <translation>至(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../export.py" line="128"/>
        <source>Site</source>
        <translation>中心</translation>
    </message>
    <message>
        <location filename="../export.py" line="129"/>
        <source>All sites</source>
        <translation>所有中心</translation>
    </message>
    <message>
        <location filename="../export.py" line="132"/>
        <source>S&amp;ite:</source>
        <translation>中心(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../export.py" line="133"/>
        <location filename="../export.py" line="144"/>
        <source>Calendar file</source>
        <translation>日历文件</translation>
    </message>
    <message>
        <location filename="../export.py" line="134"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../export.py" line="136"/>
        <source>F&amp;ile:</source>
        <translation>文件(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../export.py" line="144"/>
        <source>iCalendar files (*.ics)</source>
        <translation>iCalendar 文件 (*.ics)</translation>
    </message>
    <message>
        <location filename="../export.py" line="150"/>
        <source>The range ends before it starts.</source>
        <translation>日期范围的结束早于开始。</translation>
    </message>
    <message>
        <location filename="../export.py" line="154"/>
        <source>Choose the file to write.</source>
        <translation>请选择要写入的文件。</translation>
    </message>
    <message>
        <location filename="../export.py" line="157"/>
        <source>Writing the calendar…</source>
        <translation>正在写入日历…</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../import_page.py" line="114"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="117"/>
        <source>CSV files (UTF-8, header row, ISO dates). A file with any bad row changes nothing; every bad row is listed with its line number.</source>
        <translation>CSV 文件（UTF-8、带表头行、ISO 日期）。文件中只要有一行有误，就不会做任何更改；每个错误行都会列出其行号。</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="122"/>
        <source>&amp;Choose file…</source>
        <translation>选择文件(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="122"/>
        <source>Pick the CSV file to import</source>
        <translation>选择要导入的 CSV 文件</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="123"/>
        <source>No file chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="124"/>
        <source>Chosen file</source>
        <translation>已选文件</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="125"/>
        <source>Kind of file</source>
        <translation>文件类型</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="126"/>
        <source>Guessed from the header row; change it if the guess is wrong</source>
        <translation>根据表头行推测；如推测有误请更改</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="125"/>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="127"/>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="129"/>
        <source>Check every row and import the file, or nothing</source>
        <translation>检查每一行并导入整个文件，否则什么都不导入</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="130"/>
        <source>Import result</source>
        <translation>导入结果</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="135"/>
        <source>Preview of the file</source>
        <translation>文件预览</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="140"/>
        <location filename="../import_page.py" line="144"/>
        <source>Rows refused</source>
        <translation>被拒绝的行</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="150"/>
        <source>First rows of the file</source>
        <translation>文件的前几行</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="172"/>
        <source>Subjects (enrolment)</source>
        <translation>受试者（入组）</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="173"/>
        <source>Visit history</source>
        <translation>访视记录</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="174"/>
        <source>Laboratory results</source>
        <translation>实验室结果</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="175"/>
        <source>Clinical events</source>
        <translation>临床事件</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="176"/>
        <source>Adverse events</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="177"/>
        <source>Infusions (re-infusions)</source>
        <translation>输注（再次输注）</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="178"/>
        <source>Immunoglobulin replacement</source>
        <translation>免疫球蛋白替代治疗</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="179"/>
        <source>Consents</source>
        <translation>知情同意</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="185"/>
        <source>Choose a CSV file</source>
        <translation>选择 CSV 文件</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="185"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="210"/>
        <source>The first {0} rows; the import checks them all.</source>
        <translation>前 {0} 行；导入时会检查所有行。</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="212"/>
        <source>{0} rows.</source>
        <translation>{0} 行。</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="220"/>
        <source>The header does not look like any known file; choose the kind, the import will name the columns it misses.</source>
        <translation>表头与任何已知文件都不符；请选择类型，导入时会指出缺少的列。</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="251"/>
        <location filename="../import_page.py" line="256"/>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="261"/>
        <source>Imported: {0}</source>
        <translation>已导入：{0}</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="279"/>
        <source>Nothing was imported: {0} has {1} bad row(s), listed below. Fix them and import again.</source>
        <translation>未导入任何内容：{0} 有 {1} 个错误行（见下方列表）。请修正后重新导入。</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="284"/>
        <source>Nothing was imported: {0}</source>
        <translation>未导入任何内容：{0}</translation>
    </message>
    <message>
        <location filename="../import_page.py" line="286"/>
        <source>Nothing was imported.</source>
        <translation>未导入任何内容。</translation>
    </message>
</context>
<context>
    <name>InfusionDialog</name>
    <message>
        <location filename="../course_tab.py" line="120"/>
        <source>Record a re-infusion: {0}</source>
        <translation>记录再次输注：{0}</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="120"/>
        <source>&amp;Record infusion</source>
        <translation>记录输注(&amp;R)</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="121"/>
        <source>Infusion date (the new Day 0)</source>
        <translation>输注日期（新的第0天）</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="121"/>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="122"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="124"/>
        <source>product lot</source>
        <translation>产品批号</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="125"/>
        <source>&amp;Product:</source>
        <translation>产品(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="126"/>
        <source>Cell dose</source>
        <translation>细胞剂量</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="127"/>
        <source>&amp;Cell dose (CAR+ cells/kg):</source>
        <translation>细胞剂量（CAR+细胞/kg）(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="132"/>
        <source>cell dose</source>
        <translation>细胞剂量</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="136"/>
        <source>The plan restarts from this Day 0: visits already done or missed stay, the others are cancelled (re-infusion), and follow-up ends 15 years after this infusion.</source>
        <translation>访视计划从这一新的第0天重新开始：已完成或已错过的访视保留，其余访视取消（再次输注），随访在本次输注后15年结束。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="157"/>
        <source>Database damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="477"/>
        <source>Read-only: this database was found damaged ({0}). Nothing can be saved until the latest backup is restored (ltfu restore FILE).</source>
        <translation>只读：此数据库已被发现损坏（{0}）。在恢复最新的备份（ltfu restore FILE）之前，无法保存任何内容。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="226"/>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="130"/>
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="135"/>
        <source>{0} (Ctrl+{1})</source>
        <translation>{0}（Ctrl+{1}）</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="171"/>
        <location filename="../main_window.py" line="428"/>
        <source>opening database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="172"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="177"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="178"/>
        <source>Today: {0}</source>
        <translation>今天：{0}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="179"/>
        <source>Today&apos;s date</source>
        <translation>今天的日期</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="182"/>
        <source>Database check</source>
        <translation>数据库检查</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="184"/>
        <source>Create the first administrator…</source>
        <translation>创建第一个管理员…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="187"/>
        <source>Leave set-up mode: from then on everyone signs in with their own account</source>
        <translation>退出设置模式：此后每个人都用自己的账户登录</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="200"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="224"/>
        <source>Worklist</source>
        <translation>工作清单</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="225"/>
        <source>Subjects</source>
        <translation>受试者</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="227"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="228"/>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="229"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="230"/>
        <source>Safety</source>
        <translation>安全性</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="231"/>
        <source>Dose levels</source>
        <translation>剂量组</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="282"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="283"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="286"/>
        <source>&amp;CSV with data dictionary…</source>
        <translation>CSV 及数据字典(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="287"/>
        <source>CDISC &amp;ODM…</source>
        <translation>CDISC ODM(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="288"/>
        <source>&amp;Handover archive…</source>
        <translation>交接归档(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="289"/>
        <source>&amp;iCalendar of visits…</source>
        <translation>访视 iCalendar 日历(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="293"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="296"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="298"/>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="307"/>
        <source>&amp;Find subject…</source>
        <translation>查找受试者(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="309"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="310"/>
        <source>&amp;About ltfu</source>
        <translation>关于 ltfu(&amp;A)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="362"/>
        <source>not open</source>
        <translation>未打开</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="364"/>
        <source>&lt;b&gt;ltfu {0}&lt;/b&gt;&lt;br&gt;Long-term follow-up of cell-therapy trial subjects.&lt;br&gt;&lt;br&gt;Data: {1}&lt;br&gt;Settings: {2}&lt;br&gt;Log: {3}&lt;br&gt;&lt;br&gt;Python {4}, PySide6 {5} (Qt {6}), SQLAlchemy {7}</source>
        <translation>&lt;b&gt;ltfu {0}&lt;/b&gt;&lt;br&gt;细胞治疗试验受试者的长期随访。&lt;br&gt;&lt;br&gt;数据：{1}&lt;br&gt;设置：{2}&lt;br&gt;日志：{3}&lt;br&gt;&lt;br&gt;Python {4}，PySide6 {5}（Qt {6}），SQLAlchemy {7}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="379"/>
        <source>About ltfu</source>
        <translation>关于 ltfu</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="437"/>
        <source>Database: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="508"/>
        <source>⚠ no backup today</source>
        <translation>⚠ 今日无备份</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="511"/>
        <source>Today&apos;s backup failed</source>
        <translation>今日备份失败</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="512"/>
        <source>Today&apos;s backup of the database could not be written: {0}</source>
        <translation>无法写入数据库的今日备份：{0}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="518"/>
        <source>⚠ database damaged</source>
        <translation>⚠ 数据库已损坏</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="518"/>
        <source>Integrity check: {0}</source>
        <translation>完整性检查：{0}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="522"/>
        <source>The database is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="524"/>
        <source>The database {0} is damaged: its integrity check says “{1}”. Restore the latest backup (ltfu restore FILE; the daily backups are in {2}). Until then, what still reads is shown, but do not enter anything new.</source>
        <translation>数据库 {0} 已损坏：完整性检查结果为“{1}”。请恢复最新的备份（ltfu restore FILE；每日备份位于 {2}）。在此之前，仍可读取的内容会显示，但请不要录入任何新数据。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="527"/>
        <source>the server&apos;s backups</source>
        <translation>服务器的备份</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="535"/>
        <source>⚠ database check failed</source>
        <translation>⚠ 数据库检查失败</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="536"/>
        <source>The database check failed</source>
        <translation>数据库检查失败</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="545"/>
        <source>User: {0} ({1})</source>
        <translation>用户：{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="548"/>
        <source>User: {0} (set-up mode)</source>
        <translation>用户：{0}（设置模式）</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="549"/>
        <source>This computer&apos;s login; no accounts yet</source>
        <translation>本计算机的登录名；尚无账户</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="551"/>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="555"/>
        <source>⚠ set-up mode: no accounts yet</source>
        <translation>⚠ 设置模式：尚无账户</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="558"/>
        <source>Everything done now is recorded under this computer&apos;s login, with every right, and nobody signs in. Create the first administrator to end set-up mode.</source>
        <translation>现在的一切操作都以本计算机的登录名记录，并拥有全部权限，无人登录。创建第一个管理员即可结束设置模式。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="597"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="598"/>
        <source>This database has user accounts: sign in to see and change its records.</source>
        <translation>此数据库设有用户账户：请登录后查看和修改记录。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="655"/>
        <source>ltfu is locked</source>
        <translation>ltfu 已锁定</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="655"/>
        <source>Locked after a time without input.</source>
        <translation>因一段时间无操作而锁定。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="714"/>
        <source>No database</source>
        <translation>无数据库</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="719"/>
        <source>The database could not be opened ({0}); the details are in the log file.</source>
        <translation>无法打开数据库（{0}）；详细信息已写入日志文件。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="722"/>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
</context>
<context>
    <name>MarkReturnedDialog</name>
    <message>
        <location filename="../reports_page.py" line="1059"/>
        <source>Returned letter: {0}</source>
        <translation>退回的信件：{0}</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1059"/>
        <source>&amp;Mark returned</source>
        <translation>标记为退回(&amp;M)</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1064"/>
        <source>The letter for {0} (visit {1}, to the {2}) printed on {3} came back undelivered. It also counts as a failed contact attempt by post.</source>
        <translation>{0} 的信件（访视 {1}，寄给{2}）于 {3} 打印，因无法投递被退回。这同时计为一次失败的邮寄联系尝试。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1070"/>
        <source>Date the letter came back</source>
        <translation>信件退回日期</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1070"/>
        <source>&amp;Returned on:</source>
        <translation>退回日期(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1077"/>
        <source>The letter was printed on {0}, after {1}.</source>
        <translation>信件打印于 {0}，晚于 {1}。</translation>
    </message>
</context>
<context>
    <name>MedicationDialog</name>
    <message>
        <location filename="../course_tab.py" line="154"/>
        <source>Record immunoglobulin replacement: {0}</source>
        <translation>记录免疫球蛋白替代治疗：{0}</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="154"/>
        <source>&amp;Record</source>
        <translation>记录(&amp;R)</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="155"/>
        <source>Replacement</source>
        <translation>替代治疗</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="158"/>
        <source>&amp;Replacement:</source>
        <translation>替代治疗(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="159"/>
        <source>Start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="159"/>
        <source>&amp;Start:</source>
        <translation>开始(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="160"/>
        <source>&amp;Ongoing</source>
        <translation>进行中(&amp;O)</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="162"/>
        <source>Sto&amp;p:</source>
        <translation>停止(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="162"/>
        <source>Stop date</source>
        <translation>停止日期</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="163"/>
        <source>Dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="164"/>
        <source>D&amp;ose (g/kg):</source>
        <translation>剂量（g/kg）(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="175"/>
        <source>The stop date {0} is before the start date {1}.</source>
        <translation>停止日期{0}早于开始日期{1}。</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="177"/>
        <source>The stop date {0} is in the future: leave the replacement ongoing.</source>
        <translation>停止日期{0}在将来：请保持替代治疗为进行中。</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="178"/>
        <source>dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="182"/>
        <source>A low IgG drawn while replacement is ongoing is shown as a trough level, not as a call to start.</source>
        <translation>替代治疗期间采集的低IgG将显示为谷浓度，而不是提示开始替代治疗。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../labels.py" line="768"/>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="769"/>
        <source>The account {username!r} is locked after repeated failures; try again in {minutes} minute(s) or ask an administrator.</source>
        <translation>账户“{username}”因多次失败已被锁定；请在 {minutes} 分钟后重试，或联系管理员。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="774"/>
        <source>{who} ({role}) may not {action}; ask a user whose role allows it.</source>
        <translation>{who}（{role}）无权{action}；请找角色允许此操作的用户。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="777"/>
        <source>record clinical data</source>
        <translation>记录临床数据</translation>
    </message>
    <message>
        <location filename="../labels.py" line="778"/>
        <source>enrol subjects</source>
        <translation>入组受试者</translation>
    </message>
    <message>
        <location filename="../labels.py" line="779"/>
        <source>move subjects to another site</source>
        <translation>将受试者转至其他中心</translation>
    </message>
    <message>
        <location filename="../labels.py" line="780"/>
        <source>change saved data</source>
        <translation>修改已保存的数据</translation>
    </message>
    <message>
        <location filename="../labels.py" line="781"/>
        <source>import files</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="782"/>
        <source>print letters and reports</source>
        <translation>打印信函和报告</translation>
    </message>
    <message>
        <location filename="../labels.py" line="783"/>
        <source>export data</source>
        <translation>导出数据</translation>
    </message>
    <message>
        <location filename="../labels.py" line="784"/>
        <source>export contact details (names, addresses, phones)</source>
        <translation>导出联系信息（姓名、地址、电话）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="787"/>
        <source>read the audit trail</source>
        <translation>查看稽查轨迹</translation>
    </message>
    <message>
        <location filename="../labels.py" line="788"/>
        <source>list user accounts</source>
        <translation>列出用户账户</translation>
    </message>
    <message>
        <location filename="../labels.py" line="789"/>
        <source>sign reports</source>
        <translation>签署报告</translation>
    </message>
    <message>
        <location filename="../labels.py" line="790"/>
        <source>work safety cases and record safety reports</source>
        <translation>处理安全性个案并记录安全性报告</translation>
    </message>
    <message>
        <location filename="../labels.py" line="791"/>
        <source>review dose-level safety</source>
        <translation>审阅各剂量组的安全性</translation>
    </message>
    <message>
        <location filename="../labels.py" line="792"/>
        <source>write the IND annual report&apos;s plan for the coming year</source>
        <translation>撰写 IND 年度报告中的下一年度计划</translation>
    </message>
    <message>
        <location filename="../labels.py" line="795"/>
        <source>manage user accounts</source>
        <translation>管理用户账户</translation>
    </message>
    <message>
        <location filename="../labels.py" line="796"/>
        <source>maintain the database</source>
        <translation>维护数据库</translation>
    </message>
    <message>
        <location filename="../labels.py" line="797"/>
        <source>back up the database</source>
        <translation>备份数据库</translation>
    </message>
    <message>
        <location filename="../labels.py" line="798"/>
        <source>restore the database</source>
        <translation>恢复数据库</translation>
    </message>
    <message>
        <location filename="../labels.py" line="799"/>
        <source>write a handover archive</source>
        <translation>写出交接归档</translation>
    </message>
    <message>
        <location filename="../labels.py" line="800"/>
        <source>destroy archived samples</source>
        <translation>销毁存档样本</translation>
    </message>
    <message>
        <location filename="../labels.py" line="801"/>
        <source>see contact details (names, phones)</source>
        <translation>查看联系信息（姓名、电话）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="802"/>
        <source>raise, close and re-open queries</source>
        <translation>发起、关闭和重新打开质疑</translation>
    </message>
    <message>
        <location filename="../labels.py" line="803"/>
        <source>answer queries and correct the values they ask about</source>
        <translation>回复质疑并更正其所涉及的数值</translation>
    </message>
    <message>
        <location filename="../labels.py" line="806"/>
        <source>mark records as verified against the source</source>
        <translation>将记录标记为已与源文件核对</translation>
    </message>
    <message>
        <location filename="../labels.py" line="807"/>
        <source>freeze a data cut</source>
        <translation>冻结数据</translation>
    </message>
    <message>
        <location filename="../labels.py" line="808"/>
        <source>{study_id}: there is no {record_kind} {record} to verify.</source>
        <translation>{study_id}：没有可核查的{record_kind} {record}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="811"/>
        <source>{study_id}: there is no visit {visit}; give a visit code of the schedule (e.g. M12).</source>
        <translation>{study_id}：没有随访 {visit}；请给出计划中的随访代码（例如 M12）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="814"/>
        <source>{study_id}: visit {visit} has not been done yet; only a done visit can be verified.</source>
        <translation>{study_id}：随访 {visit} 尚未完成；只有已完成的随访才能核查。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="817"/>
        <source>A data cut needs a reason (e.g. the annual report it is frozen for).</source>
        <translation>冻结数据需要填写原因（例如为哪份年度报告冻结）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="820"/>
        <source>The data cut {as_of} is after today ({today}); freeze data up to today at the latest.</source>
        <translation>冻结日期 {as_of} 晚于今天（{today}）；最晚只能冻结到今天的数据。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="823"/>
        <source>There is no data cut {cut}; &apos;ltfu freeze --list&apos; shows the cuts.</source>
        <translation>没有冻结点 {cut}；“ltfu freeze --list”可列出所有冻结点。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="826"/>
        <source>The {record_kind} of {day} is frozen by the data cut of {as_of} (cut {cut}): give a reason for the correction.</source>
        <translation>{day} 的{record_kind}已被 {as_of} 的数据冻结点（冻结点 {cut}）冻结：请填写更正原因。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="830"/>
        <source>Sign in before signing: a signature belongs to a signed-in user.</source>
        <translation>签名前请先登录：签名属于已登录的用户。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="833"/>
        <source>{name} line 1: the file is empty; a header row is required.</source>
        <translation>{name} 第 1 行：文件为空；需要表头行。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="836"/>
        <source>{name} line {line}: no data row under the header; nothing to import.</source>
        <translation>{name} 第 {line} 行：表头下没有数据行；没有可导入的内容。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="839"/>
        <source>{name} line 1: UTF-16 text, not UTF-8; save the file as CSV UTF-8.</source>
        <translation>{name} 第 1 行：文件是 UTF-16 文本，不是 UTF-8；请另存为 CSV UTF-8。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="842"/>
        <source>{name} line {line}: not UTF-8 text (byte 0x{byte}); save the file as CSV UTF-8.</source>
        <translation>{name} 第 {line} 行：不是 UTF-8 文本（字节 0x{byte}）；请另存为 CSV UTF-8。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="845"/>
        <source>{name} line 1: missing column(s) {columns}.</source>
        <translation>{name} 第 1 行：缺少列 {columns}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="846"/>
        <source>{name} line 1: unknown column(s) {columns}.</source>
        <translation>{name} 第 1 行：未知列 {columns}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="847"/>
        <source>{name} line 1: repeated column(s) {columns}.</source>
        <translation>{name} 第 1 行：重复的列 {columns}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="848"/>
        <source>{column} is {length:,} characters long; at most {most:,} are allowed</source>
        <translation>{column} 长 {length:,} 个字符；最多允许 {most:,} 个</translation>
    </message>
    <message>
        <location filename="../labels.py" line="851"/>
        <source>a missed visit needs its visit_code</source>
        <translation>缺失的访视需要填写 visit_code</translation>
    </message>
    <message>
        <location filename="../labels.py" line="852"/>
        <source>{column} is empty</source>
        <translation>{column} 为空</translation>
    </message>
    <message>
        <location filename="../labels.py" line="853"/>
        <source>{column} {value!r} is not a calendar date (YYYY-MM-DD)</source>
        <translation>{column} “{value}” 不是有效日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="856"/>
        <source>{column} {value!r} is not a number (digits, optional decimal point and exponent, e.g. 12.5 or 1.2e3)</source>
        <translation>{column} “{value}” 不是数字（数字，可带小数点和指数，如 12.5 或 1.2e3）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="860"/>
        <source>{column} {value!r} cannot be negative</source>
        <translation>{column} “{value}” 不能为负数</translation>
    </message>
    <message>
        <location filename="../labels.py" line="861"/>
        <source>{column} {value!r} must be written without a sign</source>
        <translation>{column} “{value}” 不能带正负号</translation>
    </message>
    <message>
        <location filename="../labels.py" line="862"/>
        <source>{column} {value!r} is not a finite number</source>
        <translation>{column} “{value}” 不是有限数值</translation>
    </message>
    <message>
        <location filename="../labels.py" line="863"/>
        <source>{column} {value!r} is not a whole number</source>
        <translation>{column} “{value}” 不是整数</translation>
    </message>
    <message>
        <location filename="../labels.py" line="864"/>
        <source>{column} {value!r} must be yes or no (or true/false, 1/0, or empty for no)</source>
        <translation>{column} “{value}” 必须为 yes 或 no（或 true/false、1/0，留空表示 no）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="867"/>
        <source>{column} {value!r} is not one of {allowed}</source>
        <translation>{column} “{value}” 不是以下之一：{allowed}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="868"/>
        <source>{found} fields where the header has {width}</source>
        <translation>有 {found} 个字段，而表头有 {width} 个</translation>
    </message>
    <message>
        <location filename="../labels.py" line="869"/>
        <source>{found} fields where the header has {width} (the row runs over lines {first} to {last}: is a quote left open?)</source>
        <translation>有 {found} 个字段，而表头有 {width} 个（该行跨越第 {first} 至 {last} 行：是否有引号未闭合？）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="874"/>
        <source>unknown subject {study_id}</source>
        <translation>未知受试者 {study_id}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="875"/>
        <source>{study_id} cannot be declared lost to follow-up yet: {why}</source>
        <translation>{study_id} 尚不能宣布失访：{why}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="878"/>
        <source> since the successful contact on {day}</source>
        <translation>（自 {day} 成功联系以来）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="879"/>
        <source>{count} failed contact attempt(s){since}; {needed} are needed</source>
        <translation>失败的联系尝试 {count} 次{since}；需要 {needed} 次</translation>
    </message>
    <message>
        <location filename="../labels.py" line="882"/>
        <source>the failed contact attempts{since} used one channel ({channel}); {needed} different channels are needed</source>
        <translation>失败的联系尝试{since}只使用了一种方式（{channel}）；需要 {needed} 种不同方式</translation>
    </message>
    <message>
        <location filename="../labels.py" line="886"/>
        <source>the failed contact attempts span {first} to {last}; they must span at least {months} calendar months (a last attempt on or after {earliest})</source>
        <translation>失败的联系尝试跨度为 {first} 至 {last}；跨度必须至少 {months} 个日历月（最后一次尝试须在 {earliest} 或之后）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="891"/>
        <source>{count} failed contact attempts by {channels} from {first} to {last}</source>
        <translation>{first} 至 {last} 期间通过{channels}共 {count} 次失败的联系尝试</translation>
    </message>
    <message>
        <location filename="../labels.py" line="894"/>
        <source>Cannot change step {step} of case {case}: {problem}.</source>
        <translation>无法更改个案 {case} 的步骤“{step}”：{problem}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="897"/>
        <source>case {case} is closed</source>
        <translation>个案 {case} 已关闭</translation>
    </message>
    <message>
        <location filename="../labels.py" line="898"/>
        <source>the step is already {state}</source>
        <translation>该步骤已是“{state}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="899"/>
        <source>give the reason</source>
        <translation>请填写原因</translation>
    </message>
    <message>
        <location filename="../labels.py" line="900"/>
        <source>give the reason for reopening it</source>
        <translation>请填写重新打开的原因</translation>
    </message>
    <message>
        <location filename="../labels.py" line="901"/>
        <source>give the date it was done</source>
        <translation>请填写完成日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="902"/>
        <location filename="../labels.py" line="1356"/>
        <source>the date {day} is in the future</source>
        <translation>日期 {day} 在未来</translation>
    </message>
    <message>
        <location filename="../labels.py" line="903"/>
        <source>the date {day} is before the site knew ({aware})</source>
        <translation>日期 {day} 早于研究中心获知日期（{aware}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="906"/>
        <source>give the outcome of the test (positive or negative)</source>
        <translation>请填写检测结果（阳性或阴性）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="909"/>
        <source>the integration-site analysis waits for the transgene test&apos;s outcome</source>
        <translation>整合位点分析需等待转基因检测的结果</translation>
    </message>
    <message>
        <location filename="../labels.py" line="912"/>
        <source>this step is a report: record it as sent (report {report}: date, recipient and reference)</source>
        <translation>此步骤是一份报告：请将其记录为已发送（报告 {report}：日期、接收方和编号）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="915"/>
        <source>due date {day} is before the site knew ({aware})</source>
        <translation>截止日期 {day} 早于研究中心获知日期（{aware}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="918"/>
        <source>nothing to change</source>
        <translation>没有需要更改的内容</translation>
    </message>
    <message>
        <location filename="../labels.py" line="919"/>
        <source>Cannot close case {case}: it is already closed (on {day}).</source>
        <translation>无法关闭个案 {case}：该个案已于 {day} 关闭。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="922"/>
        <source>Cannot close case {case}: {count} step(s) still open: {steps}.</source>
        <translation>无法关闭个案 {case}：仍有 {count} 个步骤未完成：{steps}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="925"/>
        <source>Cannot close case {case} on {day}: the date must lie from {aware} to {today}.</source>
        <translation>无法于 {day} 关闭个案 {case}：日期必须在 {aware} 至 {today} 之间。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="928"/>
        <source>the site is the sponsor</source>
        <translation>研究中心即申办方</translation>
    </message>
    <message>
        <location filename="../labels.py" line="929"/>
        <source>the sponsor reports to the regulator</source>
        <translation>由申办方向监管部门报告</translation>
    </message>
    <message>
        <location filename="../labels.py" line="930"/>
        <source>the tumour tested negative for the CAR transgene</source>
        <translation>肿瘤 CAR 转基因检测为阴性</translation>
    </message>
    <message>
        <location filename="../labels.py" line="933"/>
        <source>RCL not confirmed by the culture assay</source>
        <translation>培养检测未确证 RCL</translation>
    </message>
    <message>
        <location filename="../labels.py" line="934"/>
        <source>resolved by data change</source>
        <translation>数据更改后已解决</translation>
    </message>
    <message>
        <location filename="../labels.py" line="935"/>
        <source>raised again: the data show it again</source>
        <translation>再次提出：数据再次显示该问题</translation>
    </message>
    <message>
        <location filename="../labels.py" line="936"/>
        <source>account disabled</source>
        <translation>账户已停用</translation>
    </message>
    <message>
        <location filename="../labels.py" line="937"/>
        <source>grant revoked</source>
        <translation>授权已撤销</translation>
    </message>
    <message>
        <location filename="../labels.py" line="938"/>
        <source>edit check {check}</source>
        <translation>逻辑核查 {check}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="939"/>
        <source>import of {file}</source>
        <translation>导入 {file}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="940"/>
        <source>protocol file {file} added</source>
        <translation>已添加方案文件 {file}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="941"/>
        <source>restored from a backup by {username} (ltfu restore)</source>
        <translation>由 {username} 从备份恢复（ltfu restore）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="960"/>
        <source>rebuilt from the results (ltfu check --rebuild-derived)</source>
        <translation>根据检验结果重建（ltfu check --rebuild-derived）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="963"/>
        <source>set-up mode: the computer&apos;s login acts until the first administrator exists</source>
        <translation>设置模式：在第一位管理员账户建立之前，由本计算机的登录用户操作</translation>
    </message>
    <message>
        <location filename="../labels.py" line="966"/>
        <source>upgrade to schema 0006: the audit trail holds whole records from here on</source>
        <translation>升级到数据库结构 0006：审计追踪自此记录完整记录</translation>
    </message>
    <message>
        <location filename="../labels.py" line="969"/>
        <source>restored {rows} rows and {entries} audit entries from a handover archive (manifest sha256 {manifest}; archive file sha256 {archive})</source>
        <translation>从交接归档恢复了 {rows} 行和 {entries} 条审计记录（清单 sha256 {manifest}；归档文件 sha256 {archive}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="974"/>
        <source>account without a password</source>
        <translation>账户未设密码</translation>
    </message>
    <message>
        <location filename="../labels.py" line="975"/>
        <source>account locked</source>
        <translation>账户已锁定</translation>
    </message>
    <message>
        <location filename="../labels.py" line="976"/>
        <source>result</source>
        <translation>检测结果</translation>
    </message>
    <message>
        <location filename="../labels.py" line="977"/>
        <source>onset</source>
        <translation>发生</translation>
    </message>
    <message>
        <location filename="../labels.py" line="978"/>
        <source>draw</source>
        <translation>采样</translation>
    </message>
    <message>
        <location filename="../labels.py" line="979"/>
        <source>contact</source>
        <translation>联系</translation>
    </message>
    <message>
        <location filename="../labels.py" line="980"/>
        <source>visit</source>
        <translation>访视</translation>
    </message>
    <message>
        <location filename="../labels.py" line="981"/>
        <source>{what} date {day} is in the future</source>
        <translation>{what}日期 {day} 在未来</translation>
    </message>
    <message>
        <location filename="../labels.py" line="982"/>
        <source>{what} date {day} is before the subject&apos;s birth</source>
        <translation>{what}日期 {day} 早于受试者出生</translation>
    </message>
    <message>
        <location filename="../labels.py" line="983"/>
        <source>{what} date {day} is before the infusion on {infusion}</source>
        <translation>{what}日期 {day} 早于回输日 {infusion}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="986"/>
        <source>{what} date {day} is more than {days} days before the infusion on {infusion}</source>
        <translation>{what}日期 {day} 早于回输日 {infusion} 超过 {days} 天</translation>
    </message>
    <message>
        <location filename="../labels.py" line="989"/>
        <source>{what} date {day} is before any plausible infusion</source>
        <translation>{what}日期 {day} 早于任何可能的回输日</translation>
    </message>
    <message>
        <location filename="../labels.py" line="992"/>
        <source>{what} date {day} is after the subject&apos;s death on {death}</source>
        <translation>{what}日期 {day} 晚于受试者死亡日 {death}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="995"/>
        <source>{what} date {day} is after the withdrawal of all consent on {withdrawn}</source>
        <translation>{what}日期 {day} 晚于撤回全部知情同意之日 {withdrawn}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="998"/>
        <source>analyte {analyte!r} is not one of {analytes}</source>
        <translation>analyte “{analyte}” 不是以下之一：{analytes}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="999"/>
        <source>{first} or {then}</source>
        <translation>{first} 或 {then}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1000"/>
        <source>unit {unit!r} does not fit {analyte} (use {units})</source>
        <translation>单位 “{unit}” 不适用于 {analyte}（请用 {units}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1001"/>
        <source>unit {unit!r} does not fit {analyte} (use empty)</source>
        <translation>单位 “{unit}” 不适用于 {analyte}（请留空）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1002"/>
        <source>qualifier {qualifier!r} does not apply to {analyte}</source>
        <translation>限定符 “{qualifier}” 不适用于 {analyte}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1005"/>
        <source>{analyte} value {value!r} is not one of {categories}</source>
        <translation>{analyte} 的值 “{value}” 不是以下之一：{categories}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1008"/>
        <source>{analyte} {given} is outside the plausible range {range}</source>
        <translation>{analyte} {given} 超出合理范围 {range}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1011"/>
        <source>qualifier {qualifier!r} must be &apos;&lt;&apos; (below the limit of quantification) or empty</source>
        <translation>限定符 “{qualifier}” 必须是“&lt;”（低于定量下限）或留空</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1014"/>
        <source>Someone else changed this record after you opened it; your change was not saved. Reopen the record and enter it again.</source>
        <translation>您打开此记录后，有其他人修改了它；您的修改未保存。请重新打开记录并再次录入。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1018"/>
        <source>{study_id}&apos;s contact details were changed by someone else after you opened them; your change was not saved. Reopen them and enter it again.</source>
        <translation>您打开 {study_id} 的联系方式后，有其他人修改了它们；您的修改未保存。请重新打开并再次录入。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1022"/>
        <source>No subject {study_id!r} in this database.</source>
        <translation>此数据库中没有受试者“{study_id}”。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1023"/>
        <source>{study_id} has no contact details.</source>
        <translation>{study_id} 没有联系方式。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1024"/>
        <source>No site {site!r} in this database.</source>
        <translation>此数据库中没有研究中心“{site}”。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1025"/>
        <source>No study {study!r} in this database.</source>
        <translation>本数据库中没有研究 {study!r}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1026"/>
        <source>No study {study!r} in this database (its studies: {known}); add its protocol file first (ltfu protocol add FILE, or Settings in the window).</source>
        <translation>本数据库中没有研究 {study!r}（已有的研究：{known}）；请先添加其方案文件（ltfu protocol add FILE，或在窗口的“设置”中）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1031"/>
        <source>No study {study!r} in this database (its studies: none yet); add its protocol file first (ltfu protocol add FILE, or Settings in the window).</source>
        <translation>本数据库中没有研究 {study!r}（尚无任何研究）；请先添加其方案文件（ltfu protocol add FILE，或在窗口的“设置”中）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1036"/>
        <source>This database holds {count} studies ({known}): {how}.</source>
        <translation>本数据库包含 {count} 项研究（{known}）：{how}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1037"/>
        <source>choose one (--study ID on the command line)</source>
        <translation>请选择其中一项（命令行中用 --study ID）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1038"/>
        <source>say which study the subject joins (a protocol column in subjects.csv)</source>
        <translation>请说明受试者加入哪项研究（在 subjects.csv 中加一列 protocol）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1041"/>
        <source>{name}: study {study} is already here with another version of its protocol; a changed protocol is an amendment (ltfu protocol amend FILE --effective DATE --reason TEXT).</source>
        <translation>{name}：研究 {study} 已存在，但其方案为另一版本；方案有改动即为方案修订（ltfu protocol amend FILE --effective DATE --reason TEXT）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1046"/>
        <source>No letter {letter} in the letters log.</source>
        <translation>信件记录中没有信件 {letter}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1047"/>
        <source>No safety case {case}.</source>
        <translation>没有安全性个案 {case}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1048"/>
        <source>Case {case} has no step {code!r} (its steps: {steps}).</source>
        <translation>个案 {case} 没有步骤“{code}”（其步骤：{steps}）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1051"/>
        <source>No safety report {report}.</source>
        <translation>没有安全性报告 {report}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1052"/>
        <source>No user account {username!r} in this database.</source>
        <translation>此数据库中没有用户账户 {username!r}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1053"/>
        <source>{username} holds no such grant (see &apos;ltfu user show {username}&apos;).</source>
        <translation>{username} 没有此项授权（见 &apos;ltfu user show {username}&apos;）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1056"/>
        <source>{username} holds this grant already.</source>
        <translation>{username} 已有此项授权。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1057"/>
        <source>You may enrol subjects only at the sites you are granted.</source>
        <translation>您只能在已授权的中心入组受试者。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1060"/>
        <source>A whole-database action (backup, restore, archive, check, maintenance) is for an account that sees every study and site; yours is limited by its grants.</source>
        <translation>整库操作（备份、恢复、归档、检查、维护）仅限可查看所有研究和中心的账户；您的账户受授权限制。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1064"/>
        <source>{study_id} is at site {site} already.</source>
        <translation>{study_id} 已在中心 {site}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1065"/>
        <source>The transfer date {day} is in the future: record a move on or after the day it happens.</source>
        <translation>转中心日期 {day} 在将来：请在转移发生当天或之后记录。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1068"/>
        <source>The transfer date {day} is before {study_id}&apos;s last move or enrolment ({earlier}).</source>
        <translation>转中心日期 {day} 早于 {study_id} 上次转中心或入组的日期（{earlier}）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1071"/>
        <source>Say why {study_id} moves (a reason is required).</source>
        <translation>请说明 {study_id} 转中心的原因（原因为必填项）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1074"/>
        <source>No sample {code!r} in this database.</source>
        <translation>此数据库中没有样本“{code}”。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1075"/>
        <source>Sample {sample} has no current test {test} (its tests: {tests}).</source>
        <translation>样本 {sample} 没有当前检测 {test}（其检测：{tests}）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1078"/>
        <source>Sample {sample} has no current test {test} (its tests: none).</source>
        <translation>样本 {sample} 没有当前检测 {test}（它没有任何检测）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1081"/>
        <source>No sample {codes} of {study_id} in this database.</source>
        <translation>此数据库中没有 {study_id} 的样本 {codes}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1082"/>
        <source>No current safety screen {screen}.</source>
        <translation>没有当前的安全性筛查 {screen}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1083"/>
        <source>Give the query&apos;s text: what should the site check?</source>
        <translation>请填写质疑内容：研究中心应核对什么？</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1084"/>
        <source>Give the answer&apos;s text.</source>
        <translation>请填写回复内容。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1085"/>
        <source>Give the reason for the correction.</source>
        <translation>请填写更正的原因。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1086"/>
        <source>Give the reason for re-opening the query.</source>
        <translation>请填写重新打开质疑的原因。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1087"/>
        <source>The text is too long: at most {most:,} characters.</source>
        <translation>文本过长：最多 {most:,} 个字符。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1088"/>
        <source>Query state {state!r} is not one of {states}.</source>
        <translation>质疑状态 {state!r} 不是 {states} 之一。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1089"/>
        <source>Cannot raise the query: {target!r} is not one of {targets}.</source>
        <translation>无法发起质疑：{target!r} 不是 {targets} 之一。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1092"/>
        <source>Cannot raise the query: this subject has no current {target} {ref}.</source>
        <translation>无法发起质疑：该受试者没有当前有效的{target} {ref}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1095"/>
        <source>Cannot raise the query: a {target} has no field {field!r} to query (one of {fields}).</source>
        <translation>无法发起质疑：{target}没有可质疑的字段 {field!r}（可选 {fields}）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1098"/>
        <source>No query {query}.</source>
        <translation>没有质疑 {query}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1099"/>
        <source>Query {query} is closed: it cannot be answered (the monitor may re-open it).</source>
        <translation>质疑 {query} 已关闭：不能回复（监查员可以重新打开）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1102"/>
        <source>Query {query} is already answered; the monitor closes or re-opens it.</source>
        <translation>质疑 {query} 已回复；由监查员关闭或重新打开。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1106"/>
        <source>Cannot correct {field}: {value!r} is not a valid value.</source>
        <translation>无法更正{field}：{value!r} 不是有效的值。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1109"/>
        <source>Cannot correct the value: {problem}.</source>
        <translation>无法更正数值：{problem}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1110"/>
        <source>Cannot correct the visit date: the visit is not recorded as done.</source>
        <translation>无法更正访视日期：该访视未记录为已完成。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1113"/>
        <source>Cannot correct {field}: the new value is the one already recorded.</source>
        <translation>无法更正{field}：新值与已记录的值相同。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1116"/>
        <source>the same result is also on line {line}</source>
        <translation>同一检测结果也在第 {line} 行</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1117"/>
        <source>the same event is also on line {line}</source>
        <translation>同一事件也在第 {line} 行</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1118"/>
        <source>the same adverse event is also on line {line}</source>
        <translation>同一不良事件也在第 {line} 行</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1121"/>
        <source>The password must have at least {least} characters.</source>
        <translation>密码至少需要 {least} 个字符。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1124"/>
        <source>User name {username!r}: 2-32 lower-case letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>用户名“{username}”：须为 2-32 个小写字母、数字、“.”、“_”或“-”。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1127"/>
        <source>Role {role!r} is not one of {roles}.</source>
        <translation>角色“{role}”不是以下之一：{roles}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1128"/>
        <source>The full name is needed: it is printed with signatures.</source>
        <translation>需要填写全名：签名时会打印全名。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1131"/>
        <source>The first account on a database must be an administrator (role admin).</source>
        <translation>数据库的第一个账户必须是管理员（角色 admin）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1134"/>
        <source>There is already a user {username!r}.</source>
        <translation>已有用户“{username}”。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1135"/>
        <source>deceased</source>
        <translation>已故</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1136"/>
        <source>withdrawn from visits</source>
        <translation>已退出访视</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1137"/>
        <source>withdrawn from the study</source>
        <translation>已退出研究</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1138"/>
        <location filename="../labels.py" line="1408"/>
        <source>lost to follow-up</source>
        <translation>失访</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1139"/>
        <source>confidential address requested and no address to use</source>
        <translation>要求地址保密，且没有可用的地址</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1142"/>
        <source>no postal address on file</source>
        <translation>没有登记邮寄地址</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1143"/>
        <source>visit {code} cancelled ({cause})</source>
        <translation>访视 {code} 已取消（{cause}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1144"/>
        <source>the last letter (printed {printed}) came back undelivered on {returned}, and no newer address was entered since</source>
        <translation>上一封信（{printed} 打印）于 {returned} 被退回，此后未录入新地址</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1148"/>
        <source>{first}; {then}</source>
        <translation>{first}；此外，{then}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1149"/>
        <source>{reason}; the rest of the file was not read</source>
        <translation>{reason}；文件其余部分未读取</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1150"/>
        <source>value {number}</source>
        <translation>第 {number} 个值</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1151"/>
        <source> (on line {line})</source>
        <translation>（在第 {line} 行）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1152"/>
        <source>the quote that opens {column}{where} is never closed</source>
        <translation>{column}{where}开头的引号始终没有闭合</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1155"/>
        <source>text after the closing quote of {column}{where}; a quote inside a quoted value is written twice</source>
        <translation>{column}{where}的闭合引号之后还有文字；带引号的值内部的引号须写两次</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1159"/>
        <source>a quote inside the unquoted value of {column}{where}; quote the whole value and write the quote twice</source>
        <translation>{column}{where}未加引号的值中含有引号；请给整个值加引号，并把其中的引号写两次</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1163"/>
        <source>a NUL character</source>
        <translation>NUL 字符</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1164"/>
        <source>a tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1165"/>
        <source>a line break</source>
        <translation>换行</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1166"/>
        <source>an invisible control character (U+{code})</source>
        <translation>不可见的控制字符（U+{code}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1167"/>
        <source>{column} runs over lines {first} to {last} and one of its lines looks like the start of a row (as many commas as the columns before it): is a closing quote missing?</source>
        <translation>{column} 跨越第 {first} 至 {last} 行，其中一行看起来像是一行数据的开头（逗号数与其前面的列数相同）：是否漏了闭合引号？</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1171"/>
        <source>only {columns} may span lines</source>
        <translation>只有 {columns} 可以跨行</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1172"/>
        <source>no value may span lines</source>
        <translation>任何值都不能跨行</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1173"/>
        <source>{column} holds a line break (a quoted value over lines {first} to {last}); {allowed}</source>
        <translation>{column} 含有换行（一个带引号的值跨越第 {first} 至 {last} 行）；{allowed}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1176"/>
        <source>{column} contains {what}</source>
        <translation>{column} 含有{what}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1177"/>
        <source>{study_id} {problem}</source>
        <translation>受试者 {study_id}：{problem}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1178"/>
        <source>date {day} is in the future</source>
        <translation>日期 {day} 在未来</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1179"/>
        <source>date {day} is before the infusion on {infusion}</source>
        <translation>日期 {day} 早于回输日 {infusion}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1182"/>
        <source>date {day} is after the subject&apos;s death on {death}</source>
        <translation>日期 {day} 晚于受试者死亡日 {death}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1185"/>
        <source>date {day} is after the withdrawal of all consent on {withdrawn}</source>
        <translation>日期 {day} 晚于撤回全部知情同意之日 {withdrawn}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1188"/>
        <source>the same unscheduled visit of {study_id} on {day} is also on line {line}</source>
        <translation>{study_id} 于 {day} 的同一计划外访视也在第 {line} 行</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1191"/>
        <source>{study_id} has no visit {code!r} in the plan</source>
        <translation>{study_id} 的计划中没有访视 “{code}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1192"/>
        <source>{study_id} {code} is cancelled ({cause}); it cannot be {status}</source>
        <translation>{study_id} {code} 已取消（{cause}），不能记为 {status}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1195"/>
        <source>a second &apos;done&apos; for {study_id} {code} (also on line {line})</source>
        <translation>{study_id} {code} 第二次记为 done（另见第 {line} 行）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1198"/>
        <source>{study_id} {code} is also missed on line {line}</source>
        <translation>{study_id} {code} 在第 {line} 行又记为缺失</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1199"/>
        <source>{study_id} {code} is already done on {day}; a second &apos;done&apos; is refused</source>
        <translation>{study_id} {code} 已于 {day} 完成；不接受第二次 done</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1202"/>
        <source>{study_id} {code} is recorded as missed; undo that first (with a reason) to record it done</source>
        <translation>{study_id} {code} 已记为缺失；请先（注明原因）撤销，再记为完成</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1205"/>
        <source>{study_id} {code} is recorded as done on {day}; it cannot also be missed</source>
        <translation>{study_id} {code} 已记为于 {day} 完成，不能再记为缺失</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1208"/>
        <source>{study_id} {code} is also done on line {line}</source>
        <translation>{study_id} {code} 在第 {line} 行又记为完成</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1209"/>
        <source>a second &apos;missed&apos; for {study_id} {code} (also on line {line})</source>
        <translation>{study_id} {code} 第二次记为 missed（另见第 {line} 行）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1212"/>
        <source>visit {code} cannot be missed on {day}: its window opens on {opens}</source>
        <translation>访视 {code} 不能在 {day} 记为缺失：其窗口期于 {opens} 开始</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1215"/>
        <source>safety screen answers belong to a done visit, not a missed one</source>
        <translation>安全性筛查的回答属于已完成的访视，而非缺失的访视</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1218"/>
        <source>a visit from medical records reached nobody: it carries no safety screen</source>
        <translation>依据病历记录的访视未联系到任何人，不带安全性筛查</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1221"/>
        <source>the safety screen is partly filled in: {fields} empty (fill all or none)</source>
        <translation>安全性筛查只填了一部分：{fields} 为空（全部填写或全部留空）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1224"/>
        <source>event {kind!r} is entered in the window, with its reason</source>
        <translation>事件“{kind}”须在程序窗口中录入，并注明原因</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1227"/>
        <source>a death is already recorded on {day}</source>
        <translation>已记录于 {day} 死亡</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1228"/>
        <source>a second death for {study_id} (also on line {line})</source>
        <translation>{study_id} 第二次记录死亡（另见第 {line} 行）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1231"/>
        <source>{study_id} cannot be lost to follow-up yet: {why}; record the contact attempts first</source>
        <translation>{study_id} 尚不能判定为失访：{why}；请先记录联系尝试</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1234"/>
        <source>{kind} detail {value!r} must be its ASTCT grade, 1 to 4 (5 = death)</source>
        <translation>{kind} 的 detail “{value}” 必须是 ASTCT 分级，1 至 4（5 = 死亡）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1237"/>
        <source>dlt needs its description in detail</source>
        <translation>dlt 须在 detail 中写明描述</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1238"/>
        <source>a dlt description is at most {most} characters (this one {length:,})</source>
        <translation>dlt 描述最多 {most} 个字符（此处为 {length:,} 个）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1105"/>
        <source>Query {query} is already {query_state}.</source>
        <translation>质疑 {query} 已经是“{query_state}”状态。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1241"/>
        <source>the re-infusion date {day} is in the future (today is {today})</source>
        <translation>再次输注日期{day}在将来（今天是{today}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1244"/>
        <source>the re-infusion date {day} is before {earliest}</source>
        <translation>再次输注日期{day}早于{earliest}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1247"/>
        <source>a re-infusion must come after the latest infusion on {latest}; {day} does not</source>
        <translation>再次输注须晚于最近一次输注（{latest}）；{day}不符合</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1250"/>
        <source>the re-infusion date {day} is after the death on {death}</source>
        <translation>再次输注日期{day}晚于死亡日期{death}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1253"/>
        <source>the re-infusion date {day} is after the withdrawal of consent on {withdrawn}</source>
        <translation>再次输注日期{day}晚于撤回知情同意的日期{withdrawn}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1256"/>
        <source>a visit is recorded as done on {done}, on or after the re-infusion date {day}: record the re-infusion before the visits of its new plan</source>
        <translation>{done}已有一次记录为完成的访视，不早于再次输注日期{day}：请先记录再次输注，再记录新计划的访视</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1260"/>
        <source>the cell dose {value:g} must be above 0</source>
        <translation>细胞剂量{value:g}须大于0</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1261"/>
        <source>the dose {value:g} must be above 0</source>
        <translation>剂量{value:g}须大于0</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1262"/>
        <source>the stop date {stop} is before the start date {start}</source>
        <translation>停止日期{stop}早于开始日期{start}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1265"/>
        <source>the stop date {stop} is in the future (today is {today}): leave it empty while ongoing</source>
        <translation>停止日期{stop}在将来（今天是{today}）：进行中时请留空</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1268"/>
        <source>it overlaps the {medication} recorded from {start} ({ref})</source>
        <translation>与{start}起记录的{medication}（{ref}）时间重叠</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1271"/>
        <source>There is no medication {ref}.</source>
        <translation>没有编号为{ref}的用药记录。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1272"/>
        <source>Medication {ref} stopped on {day} already.</source>
        <translation>用药记录{ref}已于{day}停止。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1273"/>
        <source>The stop date {stop} must lie between the start on {start} and today ({today}).</source>
        <translation>停止日期{stop}须在开始日期{start}与今天（{today}）之间。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1276"/>
        <source>the consent date {day} is in the future (today is {today})</source>
        <translation>知情同意日期{day}在将来（今天是{today}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1279"/>
        <source>the consent date {day} is before the birth year {year}</source>
        <translation>知情同意日期{day}早于出生年份{year}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1282"/>
        <source>the consent date {day} is after the death on {death}</source>
        <translation>知情同意日期{day}晚于死亡日期{death}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1285"/>
        <source>replacement start</source>
        <translation>替代治疗开始</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1286"/>
        <source>Cannot {doing}: {problems}.</source>
        <translation>无法{doing}：{problems}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1287"/>
        <source>record the result</source>
        <translation>记录该结果</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1288"/>
        <source>record the adverse event</source>
        <translation>记录该不良事件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1289"/>
        <source>record the safety screen</source>
        <translation>记录该安全性筛查</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1290"/>
        <source>record the {kind}</source>
        <translation>记录“{kind}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1291"/>
        <source>enrol {study_id}</source>
        <translation>入组 {study_id}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1297"/>
        <source>record report {report} as sent</source>
        <translation>将报告 {report} 记录为已发送</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1298"/>
        <source>record the sample</source>
        <translation>记录该样本</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1299"/>
        <source>move sample {sample}</source>
        <translation>移动样本 {sample}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1300"/>
        <source>ship sample {sample}</source>
        <translation>寄送样本 {sample}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1301"/>
        <source>destroy sample {sample}</source>
        <translation>销毁样本 {sample}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1302"/>
        <source>void sample {sample}</source>
        <translation>作废样本 {sample}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1303"/>
        <source>add a test to sample {sample}</source>
        <translation>为样本 {sample} 添加检测</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1304"/>
        <source>void test {test} of sample {sample}</source>
        <translation>作废样本 {sample} 的检测 {test}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1292"/>
        <source>record the re-infusion of {study_id}</source>
        <translation>记录{study_id}的再次输注</translation>
    </message>
    <message>
        <location filename="../labels.py" line="944"/>
        <source>the start-up integrity check</source>
        <translation>启动时的完整性检查</translation>
    </message>
    <message>
        <location filename="../labels.py" line="945"/>
        <source>the daily integrity check</source>
        <translation>每日完整性检查</translation>
    </message>
    <message>
        <location filename="../labels.py" line="946"/>
        <source>ltfu check</source>
        <translation>ltfu check（数据库检查）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="947"/>
        <source>a read of the database</source>
        <translation>一次数据库读取</translation>
    </message>
    <message>
        <location filename="../labels.py" line="948"/>
        <source>the check after restoring an archive</source>
        <translation>恢复归档后的检查</translation>
    </message>
    <message>
        <location filename="../labels.py" line="949"/>
        <source>an earlier check</source>
        <translation>之前的一次检查</translation>
    </message>
    <message>
        <location filename="../labels.py" line="950"/>
        <source>an earlier day</source>
        <translation>之前某日</translation>
    </message>
    <message>
        <location filename="../labels.py" line="951"/>
        <source>integrity check: {verdict}</source>
        <translation>完整性检查：{verdict}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="952"/>
        <source>audit trail: {problem}</source>
        <translation>审计记录：{problem}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="953"/>
        <source>schema version {found}, expected {expected}</source>
        <translation>数据库结构版本为 {found}，应为 {expected}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="954"/>
        <source>rows without their record: {rows}</source>
        <translation>缺少所属记录的行：{rows}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="955"/>
        <source>the full check found a problem</source>
        <translation>完整检查发现了问题</translation>
    </message>
    <message>
        <location filename="../labels.py" line="956"/>
        <source>its damage mark {marker} is unreadable</source>
        <translation>其损坏标记 {marker} 无法解读</translation>
    </message>
    <message>
        <location filename="../labels.py" line="957"/>
        <source>its damage mark {marker} cannot be read: {error}</source>
        <translation>其损坏标记 {marker} 无法读取：{error}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1293"/>
        <source>record the immunoglobulin replacement of {study_id}</source>
        <translation>记录{study_id}的免疫球蛋白替代治疗</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1296"/>
        <source>record the consent of {study_id}</source>
        <translation>记录{study_id}的知情同意</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1305"/>
        <source>{question} has no answer (yes, no or unknown)</source>
        <translation>“{question}”未作答（是、否或不详）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1306"/>
        <source>{question} answer {value!r} is not one of {allowed}</source>
        <translation>“{question}”的回答“{value}”不是以下之一：{allowed}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1309"/>
        <source>{name!r} is not a question of the safety screen</source>
        <translation>“{name}”不是安全性筛查的问题</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1312"/>
        <source>{name!r} is not a question of the questionnaire</source>
        <translation>“{name}”不是问卷的问题</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1313"/>
        <source>{study_id} visit {visit}</source>
        <translation>{study_id} 的访视 {visit}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1314"/>
        <source>{visit} is not recorded as done</source>
        <translation>{visit} 未记录为已完成</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1315"/>
        <source>{visit} was filled in from medical records; a screen needs a contact (clinic visit, phone or questionnaire)</source>
        <translation>{visit} 依据病历填写；安全性筛查需要一次联系（门诊访视、电话或问卷）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1319"/>
        <source>{visit} already has one; correct it (with a reason) instead</source>
        <translation>{visit} 已有一份；请改为更正（并说明理由）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1322"/>
        <source>the term is empty</source>
        <translation>术语为空</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1323"/>
        <source>kind {value!r} is not one of {allowed}</source>
        <translation>类型“{value}”不是以下之一：{allowed}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1324"/>
        <source>grade {grade} is outside {low}-{high} ({system})</source>
        <translation>分级 {grade} 超出 {low}-{high}（{system}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1325"/>
        <source>special-interest category {value!r} is not one of {allowed}</source>
        <translation>特别关注类别“{value}”不是以下之一：{allowed}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1328"/>
        <source>onset {onset} is before lymphodepletion (infusion on {infusion})</source>
        <translation>发生日期 {onset} 早于淋巴细胞清除（输注于 {infusion}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1331"/>
        <source>resolution {resolution} is before the onset {onset}</source>
        <translation>缓解日期 {resolution} 早于发生日期 {onset}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1334"/>
        <source>resolution {resolution} is in the future</source>
        <translation>缓解日期 {resolution} 在将来</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1335"/>
        <source>awareness date {awareness} is before the onset {onset}</source>
        <translation>获知日期 {awareness} 早于发生日期 {onset}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1338"/>
        <source>awareness date {awareness} is in the future</source>
        <translation>获知日期 {awareness} 在将来</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1339"/>
        <source>the same adverse event ({term}, grade {grade}, onset {onset}) is already recorded</source>
        <translation>相同的不良事件（{term}，{grade} 级，发生于 {onset}）已有记录</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1342"/>
        <source>a DLT must start within the DLT window, Day 0 to Day {window} after the infusion on {infusion}; onset {onset} is Day {day} (record a later toxicity as an adverse event, not a DLT)</source>
        <translation>DLT 必须在 DLT 窗口内发生，即 {infusion} 输注后第 0 天至第 {window} 天；发生日期 {onset} 为第 {day} 天（更晚的毒性请记录为不良事件，而非 DLT）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1346"/>
        <source>the same {analyte} result of {day} is already recorded for {study_id}</source>
        <translation>{study_id} 已有 {day} 的相同 {analyte} 结果</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1349"/>
        <source>the {field} is empty</source>
        <translation>“{field}”为空</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1350"/>
        <source>the {field} is longer than {limit} characters</source>
        <translation>“{field}”超过 {limit} 个字符</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1351"/>
        <source>the {field} holds a control character</source>
        <translation>“{field}”含有控制字符</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1352"/>
        <source>type {value!r} is not one of {allowed}</source>
        <translation>类型“{value}”不是以下之一：{allowed}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1353"/>
        <source>{aliquots} aliquots: give 1 to 999</source>
        <translation>{aliquots} 份分装：请填写 1 至 999</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1354"/>
        <source>{place} already holds sample {sample}</source>
        <translation>{place} 已存放样本 {sample}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1355"/>
        <source>sample {sample} was destroyed on {day}</source>
        <translation>样本 {sample} 已于 {day} 销毁</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1357"/>
        <source>the date {day} is before the sample was drawn on {drawn}</source>
        <translation>日期 {day} 早于样本采集日期 {drawn}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1360"/>
        <source>it is {sample_state}, not stored</source>
        <translation>该样本状态为“{sample_state}”，不在存储中</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1361"/>
        <source>it is kept until {keep} (end of follow-up plus the protocol&apos;s sample retention); it may be destroyed from that date on, not on {day}</source>
        <translation>该样本保存至 {keep}（随访结束加方案规定的样本保存期）；自该日起方可销毁，不能在 {day} 销毁</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1365"/>
        <source>{study_id} has no infusion, so its follow-up has no end to keep the sample until</source>
        <translation>{study_id} 没有输注记录，随访没有结束日期，无法确定样本保存期限</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1368"/>
        <source>it was already sent on {day} (reference {reference})</source>
        <translation>该报告已于 {day} 发送（编号 {reference}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1371"/>
        <source>give the recipient (who it was sent to)</source>
        <translation>请填写接收方（发送给谁）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1372"/>
        <source>give the report&apos;s reference</source>
        <translation>请填写报告编号</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1373"/>
        <source>the sent date {day} is in the future</source>
        <translation>发送日期 {day} 在将来</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1374"/>
        <source>the sent date {day} is before the site knew ({aware})</source>
        <translation>发送日期 {day} 早于中心获知日期（{aware}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1377"/>
        <source>{start!r}... is longer than {limit} characters</source>
        <translation>“{start}……”超过 {limit} 个字符</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1378"/>
        <source>response {value!r} must be CR, CRi, PR or NR (optionally &apos;CR MRD-&apos;)</source>
        <translation>疗效“{value}”必须是 CR、CRi、PR 或 NR（可加“CR MRD-”）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1381"/>
        <source>death needs its cause in detail</source>
        <translation>死亡须在 detail 中填写死因</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1382"/>
        <source>withdrawal scope {value!r} must be one of {allowed}</source>
        <translation>退出范围“{value}”必须是以下之一：{allowed}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1383"/>
        <source>event {value!r} is not one of {allowed}</source>
        <translation>事件“{value}”不是以下之一：{allowed}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1384"/>
        <source>This {kind} event of {day} is already recorded.</source>
        <translation>{day} 的“{kind}”事件已有记录。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1385"/>
        <source>the subject is not lost to follow-up, so there is nothing to reverse</source>
        <translation>该受试者未处于失访状态，无需撤销</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1388"/>
        <source>Use declare_lost_to_follow_up: it checks the contact attempts first.</source>
        <translation>请使用“宣告失访”：它会先核对联系尝试。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1391"/>
        <source>Declaring a subject lost to follow-up needs a reason.</source>
        <translation>宣告受试者失访需要说明理由。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1394"/>
        <source>Reversing lost to follow-up needs a reason.</source>
        <translation>撤销失访需要说明理由。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1397"/>
        <source>Channel {value!r} is not one of {allowed}.</source>
        <translation>渠道“{value}”不是以下之一：{allowed}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1398"/>
        <source>Outcome {value!r} is not one of {allowed}.</source>
        <translation>结果“{value}”不是以下之一：{allowed}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1399"/>
        <source>The contact date {day} is in the future (today is {today}).</source>
        <translation>联系日期 {day} 在将来（今天是 {today}）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1402"/>
        <location filename="../labels.py" line="1473"/>
        <source>The {problem}.</source>
        <translation>无法记录此次联系：{problem}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1403"/>
        <source>A {channel} contact attempt on {day} ({outcome}) is already recorded for {study_id}.</source>
        <translation>{study_id} 已有 {day} 的“{channel}”联系尝试（{outcome}）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1406"/>
        <source>death</source>
        <translation>死亡</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1407"/>
        <source>withdrawal of all consent</source>
        <translation>撤回全部同意</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1409"/>
        <source>{what} on {day} is before {later}</source>
        <translation>{day} 的{what}早于 {later}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1410"/>
        <source>the visit {code} done on {day}</source>
        <translation>{day} 完成的访视 {code}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1411"/>
        <source>an unscheduled visit done on {day}</source>
        <translation>{day} 完成的计划外访视</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1412"/>
        <source>the {analyte} result of {day}</source>
        <translation>{day} 的 {analyte} 结果</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1413"/>
        <source>the {kind} event of {day}</source>
        <translation>{day} 的“{kind}”事件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1414"/>
        <source>the adverse event {term!r} starting on {day}</source>
        <translation>{day} 开始的不良事件“{term}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1415"/>
        <source>the contact with the subject on {day}</source>
        <translation>{day} 与受试者的联系</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1416"/>
        <source>Cannot read {path}: {reason}.</source>
        <translation>无法读取 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1417"/>
        <source>{name} line 1: the header cannot be read: {reason}.</source>
        <translation>{name} 第 1 行：无法读取表头：{reason}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1420"/>
        <source>{name} line {line}: {reason}.</source>
        <translation>{name} 第 {line} 行：{reason}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1421"/>
        <source>{name} line 1: a column name holds a line break (the header runs to line {last}).</source>
        <translation>{name} 第 1 行：某个列名含有换行（表头延续到第 {last} 行）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1424"/>
        <source>{name} line 1: column {index} contains {char}.</source>
        <translation>{name} 第 1 行：第 {index} 列含有{char}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1427"/>
        <source>{name} line 1: column {index} contains {char} (is the file UTF-16? save it as CSV UTF-8).</source>
        <translation>{name} 第 1 行：第 {index} 列含有{char}（文件是否为 UTF-16？请另存为 CSV UTF-8）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1430"/>
        <source>{name} line 1: column {index} is {length:,} characters long, not a column name.</source>
        <translation>{name} 第 1 行：第 {index} 列长 {length:,} 个字符，不是列名。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1433"/>
        <source>{name} line 1: column {index} has no name.</source>
        <translation>{name} 第 1 行：第 {index} 列没有名称。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1434"/>
        <source>{name} line 1: {problems}.</source>
        <translation>{name} 第 1 行：{problems}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1435"/>
        <source>missing column(s) {columns}</source>
        <translation>缺少列 {columns}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1436"/>
        <source>unknown column(s) {columns}</source>
        <translation>未知列 {columns}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1437"/>
        <source>repeated column(s) {columns}</source>
        <translation>重复列 {columns}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1438"/>
        <source>{names} and {more:,} more</source>
        <translation>{names} 等另外 {more:,} 个</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1439"/>
        <source>Cannot import {kind!r} files: give one of {allowed}.</source>
        <translation>无法导入“{kind}”文件：请选择以下之一：{allowed}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1440"/>
        <source>subject_id {value!r} must be 1-32 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>subject_id “{value}” 必须是 1-32 个字母、数字、“.”、“_”或“-”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1443"/>
        <source>site {value!r} must be a site code (letters, digits, &apos;_&apos; or &apos;-&apos;)</source>
        <translation>site “{value}” 必须是中心代码（字母、数字、“_”或“-”）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1446"/>
        <source>dose_level {value!r} must look like DL1, DL2 ...</source>
        <translation>dose_level “{value}” 须形如 DL1、DL2……</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1447"/>
        <source>email {value!r} is not an e-mail address</source>
        <translation>email “{value}” 不是电子邮件地址</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1448"/>
        <source>infusion_date {day} is in the future</source>
        <translation>infusion_date {day} 在将来</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1449"/>
        <source>infusion_date {day} is before {earliest}, the earliest plausible infusion date</source>
        <translation>infusion_date {day} 早于最早的合理输注日期 {earliest}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1452"/>
        <source>infusion_date {day} is before the birth date</source>
        <translation>infusion_date {day} 早于出生日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1455"/>
        <source>birth_date {day} is in the future</source>
        <translation>birth_date {day} 在将来</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1456"/>
        <source>birth_date {day} is before {earliest}, the earliest plausible birth date</source>
        <translation>birth_date {day} 早于最早的合理出生日期 {earliest}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1459"/>
        <source>birth_date {day} is after the infusion on {infusion}</source>
        <translation>birth_date {day} 晚于 {infusion} 的输注</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1462"/>
        <source>birth_date {day} makes the subject older than {years} at the infusion on {infusion}</source>
        <translation>按 birth_date {day}，受试者在 {infusion} 输注时已超过 {years} 岁</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1465"/>
        <source>Subject {study_id} is already enrolled.</source>
        <translation>受试者 {study_id} 已入组。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1466"/>
        <source>Subject {study_id} (ids are compared without regard to case) is already enrolled.</source>
        <translation>受试者 {study_id} 已入组（编号比较时不区分大小写）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1469"/>
        <source>Unknown contact field(s): {fields_named}.</source>
        <translation>未知的联系信息字段：{fields_named}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1470"/>
        <source>Changing saved contact details needs a reason.</source>
        <translation>更改已保存的联系信息需要说明理由。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1474"/>
        <source>{study_id} visit {code} is already recorded as done on {day}; undo it first (with a reason) to record another date.</source>
        <translation>{study_id} 的访视 {code} 已记录为于 {day} 完成；如需记录其他日期，请先撤销（并说明理由）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1478"/>
        <source>{study_id} visit {code} is recorded as missed; undo that first (with a reason) to record it done.</source>
        <translation>{study_id} 的访视 {code} 已记录为缺失；如需记录为已完成，请先撤销（并说明理由）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1482"/>
        <source>{study_id}: an unscheduled visit on {day} is already recorded.</source>
        <translation>{study_id}：{day} 的计划外访视已有记录。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1485"/>
        <source>{study_id} has no infusion; record the infusion first.</source>
        <translation>{study_id} 没有输注记录；请先记录输注。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1488"/>
        <source>{study_id} has no visit plan; record the infusion first.</source>
        <translation>{study_id} 没有访视计划；请先记录输注。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1491"/>
        <source>There is no visit {code!r} in this subject&apos;s plan.</source>
        <translation>该受试者的计划中没有访视“{code}”。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1494"/>
        <source>{study_id} visit {code} is {visit_status}; only a due or overdue visit can be closed as missed.</source>
        <translation>{study_id} 的访视 {code} 状态为“{visit_status}”；只有到期或逾期的访视才能关闭为缺失。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1498"/>
        <source>not in the plan</source>
        <translation>不在计划中</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1499"/>
        <source>{study_id} visit {code} is {visit_status}; only missed or done visits can be undone.</source>
        <translation>{study_id} 的访视 {code} 状态为“{visit_status}”；只有缺失或已完成的访视才能撤销。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1502"/>
        <source>Closing a visit as missed needs a reason.</source>
        <translation>将访视关闭为缺失需要说明理由。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1505"/>
        <source>Undoing a visit&apos;s status needs a reason.</source>
        <translation>撤销访视状态需要说明理由。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1506"/>
        <source>Visit mode {value!r} is not one of {allowed}.</source>
        <translation>访视方式“{value}”不是以下之一：{allowed}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1507"/>
        <source>The return date {day} is in the future.</source>
        <translation>退回日期 {day} 在将来。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1508"/>
        <source>Letter {letter} is already marked returned on {day}.</source>
        <translation>信件 {letter} 已于 {day} 标记为退回。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1511"/>
        <source>Letter {letter} was printed on {printed}, after {day}.</source>
        <translation>信件 {letter} 打印于 {printed}，晚于 {day}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1514"/>
        <source>The range ends ({end}) before it starts ({start}).</source>
        <translation>日期范围的结束（{end}）早于开始（{start}）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1515"/>
        <source>The meaning of a signature is one of {allowed}, not {value!r}.</source>
        <translation>签名含义须为以下之一：{allowed}，而不是“{value}”。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1518"/>
        <source>This database has accounts already: sign in, and ask an administrator.</source>
        <translation>此数据库已有账户：请登录，并联系管理员。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1521"/>
        <source>Sign in first: only a signed-in user changes their password.</source>
        <translation>请先登录：只有已登录的用户才能更改自己的密码。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1524"/>
        <source>This database has user accounts: sign in first (in the window, or with &apos;ltfu --user NAME ...&apos; on the command line).</source>
        <translation>此数据库有用户账户：请先登录（在窗口中，或在命令行使用“ltfu --user 用户名 ...”）。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1528"/>
        <source>This database&apos;s audit trail no longer holds the entries anchored outside it (run &apos;ltfu check&apos;): set-up mode stays closed; restore a backup.</source>
        <translation>此数据库的审计轨迹已不包含在库外锚定的条目（请运行“ltfu check”）：设置模式保持关闭；请恢复备份。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1532"/>
        <source>{study_id} has no visit {code!r} in the plan.</source>
        <translation>{study_id} 的计划中没有访视“{code}”。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1533"/>
        <source>Cannot write {path}: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1534"/>
        <source>Cannot write {path}: {reason}; no letter was recorded.</source>
        <translation>无法写入 {path}：{reason}；未记录任何信件。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1537"/>
        <source>Cannot write the export to {path}: {reason}; nothing was kept.</source>
        <translation>无法将导出写入 {path}：{reason}；未保留任何内容。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1540"/>
        <source>Cannot write the archive {path}: {reason}.</source>
        <translation>无法写入归档 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1541"/>
        <source>Cannot write {path}: it is a folder; give a file name.</source>
        <translation>无法写入 {path}：这是一个文件夹；请给出文件名。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1544"/>
        <source>Cannot write {path}: the folder {folder} does not exist.</source>
        <translation>无法写入 {path}：文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1547"/>
        <source>Cannot write the archive {path}: it is a folder; give a file name.</source>
        <translation>无法写入归档 {path}：这是一个文件夹；请给出文件名。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1550"/>
        <source>Cannot write the archive {path}: the folder {folder} does not exist.</source>
        <translation>无法写入归档 {path}：文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1553"/>
        <source>Cannot export to {folder}: it is a file, not a folder.</source>
        <translation>无法导出到 {folder}：这是一个文件，不是文件夹。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1556"/>
        <source>Cannot export to {folder}: the folder is not empty and holds no earlier ltfu export. Choose an empty or new folder.</source>
        <translation>无法导出到 {folder}：该文件夹不为空，且不含此前的 ltfu 导出。请选择空文件夹或新文件夹。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1560"/>
        <source>Cannot write {name!r} into {folder}: the name leads out of the folder.</source>
        <translation>无法将“{name}”写入 {folder}：该名称指向文件夹之外。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1563"/>
        <source>The database holds no protocol version yet; there is no study to export.</source>
        <translation>数据库中还没有方案版本；没有可导出的研究。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1566"/>
        <source>Cannot use the database address {address!r}: {reason}</source>
        <translation>无法使用数据库地址“{address}”：{reason}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1569"/>
        <source>Correcting a safety screen needs a reason.</source>
        <translation>更正安全性筛查需要说明理由。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1570"/>
        <source>Voiding a safety screen needs a reason.</source>
        <translation>作废安全性筛查需要说明理由。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1571"/>
        <source>Safety screen {screen} already holds these answers; nothing was changed.</source>
        <translation>安全性筛查 {screen} 已是这些回答；未作任何更改。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1574"/>
        <source>No labels to print: {study_id} has no stored sample.</source>
        <translation>没有可打印的标签：{study_id} 没有存储中的样本。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1577"/>
        <source>The annual report {year}</source>
        <translation>{year} 年度报告</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1579"/>
        <source>{report} no longer rebuilds to the pages shown (the data changed since): nothing was signed. Generate it again, look at it, then sign.</source>
        <translation>{report}已无法重建为所显示的页面（数据此后有变化）：未签署任何内容。请重新生成、查看后再签署。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1583"/>
        <source>annual report: {year} is not a plausible report year</source>
        <translation>年度报告：{year} 不是合理的报告年份</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1584"/>
        <source>annual report {year}: the data cut {cut} must fall in {year} ({start} to {end})</source>
        <translation>{year} 年度报告：数据截止日 {cut} 必须在 {year} 年内（{start} 至 {end}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1587"/>
        <source>annual report {year}: the data cut {cut} is after today ({today}); give a data cut on or before today, e.g. --as-of {today}</source>
        <translation>{year} 年度报告：数据截止日 {cut} 晚于今天（{today}）；请给出今天或更早的截止日，例如 --as-of {today}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1591"/>
        <source>annual report: no texts in language {language!r} (available: {available})</source>
        <translation>年度报告：没有语言“{language}”的文本（可用：{available}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1594"/>
        <source>IND annual report: protocol {protocol} sets no IND anniversary. Set it in the protocol file, section [ind], e.g. anniversary = &quot;03-15&quot; (month-day), and register the file with ltfu protocol amend.</source>
        <translation>IND 年度报告：方案 {protocol} 未设置 IND 周年日。请在方案文件的 [ind] 部分设置，例如 anniversary = &quot;03-15&quot;（月-日），并用 ltfu protocol amend 登记该文件。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1598"/>
        <source>IND annual report: the plan for the coming year is empty; write it, then save.</source>
        <translation>IND 年度报告：来年计划为空；请填写后再保存。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1601"/>
        <source>IND annual report: {day} is not an IND anniversary of protocol {protocol} (the period ends on {ends})</source>
        <translation>IND 年度报告：{day} 不是方案 {protocol} 的 IND 周年日（报告期截止于 {ends}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1605"/>
        <source>{name}: cannot read the protocol file: {reason}</source>
        <translation>{name}：无法读取方案文件：{reason}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1608"/>
        <source>{name}: not UTF-8 text (byte {byte}); save the file as UTF-8</source>
        <translation>{name}：不是 UTF-8 文本（第 {byte} 字节）；请将文件另存为 UTF-8</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1611"/>
        <source>{name}: line {line}, column {column}: not valid TOML ({detail})</source>
        <translation>方案文件 {name}：第 {line} 行第 {column} 列：不是有效的 TOML（{detail}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1614"/>
        <source>no bundled protocol named {protocol_id!r} (bundled: {known})</source>
        <translation>没有名为“{protocol_id}”的内置方案（内置方案：{known}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1617"/>
        <source>{name}: {problems}</source>
        <translation>方案文件 {name}：{problems}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1618"/>
        <source>{name}: {problems} (and {more} more problems)</source>
        <translation>方案文件 {name}：{problems}（另有 {more} 个问题）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1621"/>
        <source>line {line}: {where}: {problem}</source>
        <translation>第 {line} 行，{where}：{problem}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1622"/>
        <source>{where}: {problem}</source>
        <translation>{where}处：{problem}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1623"/>
        <source>top level</source>
        <translation>文件顶层</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1624"/>
        <source>unknown key {key!r} (expected one of: {allowed})</source>
        <translation>未知的键“{key}”（应为以下之一：{allowed}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1627"/>
        <source>missing {key!r}</source>
        <translation>缺少“{key}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1628"/>
        <source>{key} must be a non-empty text in quotes, not {value!r}</source>
        <translation>{key} 必须是加引号的非空文本，而不是“{value}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1631"/>
        <source>{key} must be a whole number, not {value!r}</source>
        <translation>{key} 必须是整数，而不是“{value}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1632"/>
        <source>{key}={value} must be &gt;= {minimum}</source>
        <translation>{key}={value} 必须 &gt;= {minimum}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1633"/>
        <source>{key} must be a number &gt; 0, not {value!r}</source>
        <translation>{key} 必须是大于 0 的数，而不是“{value}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1634"/>
        <source>{key} must be a list of texts in quotes, like [&quot;a&quot;, &quot;b&quot;], not {value!r}</source>
        <translation>{key} 必须是加引号的文本列表，如 [&quot;a&quot;, &quot;b&quot;]，而不是“{value}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1637"/>
        <source>{key} lists {value!r} twice</source>
        <translation>{key} 两次列出“{value}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1638"/>
        <source>missing section</source>
        <translation>缺少该节</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1639"/>
        <source>{key} must be a section [{key}], not {value!r}</source>
        <translation>{key} 必须是一个节 [{key}]，而不是“{value}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1642"/>
        <source>id {value!r} may hold only a-z, 0-9, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;</source>
        <translation>id“{value}”只能包含 a-z、0-9、“.”、“_”和“-”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1645"/>
        <source>no visits: add one [[visits]] block per visit</source>
        <translation>没有访视：请为每个访视添加一个 [[visits]] 块</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1646"/>
        <source>visits must be [[visits]] blocks, one per visit</source>
        <translation>visits 必须是 [[visits]] 块，每个访视一个</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1649"/>
        <source>code {code!r} is used twice (also visits[{first}])</source>
        <translation>代码“{code}”使用了两次（另见 visits[{first}]）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1652"/>
        <source>{offset} does not come after visits[{index}] ({code}) {before} for every infusion date; list visits in increasing offset order</source>
        <translation>{offset} 并非对每个输注日期都晚于 visits[{index}]（{code}）{before}；请按偏移量递增的顺序列出访视</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1656"/>
        <source>{offset} is after the end of follow-up (duration_years={years})</source>
        <translation>{offset} 晚于随访结束（duration_years={years}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1659"/>
        <source>code {code!r} may hold only letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;</source>
        <translation>代码“{code}”只能包含字母、数字、“.”、“_”和“-”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1662"/>
        <source>give either day or months, not both</source>
        <translation>只能给出 day 或 months 之一，不能同时给出</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1663"/>
        <source>missing offset: give day = N or months = N</source>
        <translation>缺少偏移量：请给出 day = N 或 months = N</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1664"/>
        <source>missing {key!r} (window days before/after the nominal date)</source>
        <translation>缺少“{key}”（名义日期之前/之后的窗口天数）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1667"/>
        <source>window {key} must be a whole number of days, not {value!r}</source>
        <translation>窗口 {key} 必须是整数天数，而不是“{value}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1670"/>
        <source>window {key}={value} must be &gt;= 0</source>
        <translation>窗口 {key}={value} 必须 &gt;= 0</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1671"/>
        <source>mode {value!r} is not one of: {allowed}</source>
        <translation>访视方式“{value}”不是以下之一：{allowed}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1672"/>
        <source>assessments must list at least one assessment</source>
        <translation>assessments 必须至少列出一项评估</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1675"/>
        <source>assessment {value!r} is not in the vocabulary ({allowed})</source>
        <translation>评估“{value}”不在词表中（{allowed}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1678"/>
        <source>window early={early} starts before Day 0 ({offset})</source>
        <translation>窗口 early={early} 开始于第 0 天之前（{offset}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1681"/>
        <source>{value!r} is not one of: {allowed}</source>
        <translation>“{value}”不是以下之一：{allowed}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1682"/>
        <source>{code!r} is not a visit code of this protocol</source>
        <translation>“{code}”不是本方案的访视代码</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1685"/>
        <source>visit {code} takes no RCL sample (R-T or R-A)</source>
        <translation>访视 {code} 不采集 RCL 样本（R-T 或 R-A）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1688"/>
        <source>must be one of {allowed}, not {value!r}</source>
        <translation>必须是 {allowed} 之一，而不是“{value}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1689"/>
        <source>only for design = &quot;boin&quot; (3+3 always treats cohorts of 3, up to 6)</source>
        <translation>仅适用于 design = &quot;boin&quot;（3+3 设计每组总是 3 例，最多 6 例）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1692"/>
        <source>must be a DLT rate above 0 and below 0.5, not {value!r}</source>
        <translation>必须是大于 0 且小于 0.5 的 DLT 发生率，而不是“{value}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1695"/>
        <source>{key} must be true or false, not {value!r}</source>
        <translation>{key} 必须是 true 或 false，而不是“{value}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1696"/>
        <source>{value!r} is not an edit check ({allowed})</source>
        <translation>“{value}”不是编辑核查（{allowed}）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1697"/>
        <source>anniversary must be a month and day in quotes, &quot;MM-DD&quot; (e.g. &quot;03-15&quot;), not {value!r}</source>
        <translation>anniversary 必须是加引号的月-日 &quot;MM-DD&quot;（如 &quot;03-15&quot;），而不是“{value}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1700"/>
        <source>{analyte} result</source>
        <translation>{analyte} 结果</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1701"/>
        <source>infusion date</source>
        <translation>回输日期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1702"/>
        <source>{kind} event</source>
        <translation>{kind}事件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1703"/>
        <source>DLT</source>
        <translation>DLT（剂量限制性毒性）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1704"/>
        <source>{term} (Day {day})</source>
        <translation>{term}（第 {day} 天）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1705"/>
        <source>before {earliest}, the earliest plausible infusion; the subject is left out</source>
        <translation>早于最早可能的回输日期 {earliest}；该受试者未纳入</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1708"/>
        <source>before the infusion on {infusion}; left out of the analyses</source>
        <translation>早于 {infusion} 的回输；未纳入分析</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1711"/>
        <source>outside the DLT window (Day 0 to Day {days}); not counted as a DLT</source>
        <translation>在 DLT 观察期（第 0 天至第 {days} 天）之外；不计为 DLT</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1714"/>
        <source>a category that is not one of {known}</source>
        <translation>类别不是以下之一：{known}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1715"/>
        <source>not a finite number</source>
        <translation>不是有限数值</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1716"/>
        <source>value outside the plausible range {range}</source>
        <translation>数值超出合理范围 {range}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1717"/>
        <source>limit of quantification outside the plausible range {range}</source>
        <translation>定量下限超出合理范围 {range}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1720"/>
        <source>{low} to {high} {unit}</source>
        <translation>{low} 至 {high} {unit}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1721"/>
        <source>{low} to {high} {unit} ({low_percent} to {high_percent} %)</source>
        <translation>{low} 至 {high} {unit}（{low_percent} 至 {high_percent} %）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1724"/>
        <source>Invalid value</source>
        <translation>值无效</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1725"/>
        <source>Unterminated string</source>
        <translation>字符串未结束（缺少右引号）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1726"/>
        <source>Expected &apos;=&apos; after a key in a key/value pair</source>
        <translation>键后面应为“=”（键 = 值）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1727"/>
        <source>Invalid statement</source>
        <translation>语句无效</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1728"/>
        <source>Cannot overwrite a value</source>
        <translation>不能覆盖已有的值（同一个键写了两次）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1729"/>
        <source>Cannot declare {key} twice</source>
        <translation>{key} 声明了两次</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1730"/>
        <source>Unclosed array</source>
        <translation>数组未闭合（缺少“]”）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1731"/>
        <source>Unclosed inline table</source>
        <translation>内联表未闭合（缺少“}}”）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1732"/>
        <source>Expected &apos;]&apos; at the end of a table declaration</source>
        <translation>表头末尾应为“]”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1733"/>
        <source>Expected &apos;]]&apos; at the end of an array declaration</source>
        <translation>数组表头末尾应为“]]”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1734"/>
        <source>Expected newline or end of document after a statement</source>
        <translation>语句之后应为换行或文件结尾</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1737"/>
        <source>Invalid initial character for a key part</source>
        <translation>键的首字符无效</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1738"/>
        <source>Illegal character {character}</source>
        <translation>非法字符 {character}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1739"/>
        <source>Invalid date or datetime</source>
        <translation>日期或日期时间无效</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1740"/>
        <source>Found invalid character {character}</source>
        <translation>发现无效字符 {character}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1741"/>
        <source>Unescaped &apos;\&apos; in a string</source>
        <translation>字符串中有未转义的“\”（请写成“\\”）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1742"/>
        <source>Invalid hex value</source>
        <translation>十六进制值无效</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1743"/>
        <source>Escaped character is not a Unicode scalar value</source>
        <translation>转义字符不是有效的 Unicode 标量值</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1744"/>
        <source>Duplicate inline table key {key}</source>
        <translation>内联表的键 {key} 重复</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1745"/>
        <source>Cannot mutate immutable namespace {key}</source>
        <translation>不能修改不可变的命名空间 {key}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1746"/>
        <source>Cannot redefine namespace {key}</source>
        <translation>不能重新定义命名空间 {key}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1747"/>
        <source>Expected {expected}</source>
        <translation>此处应为 {expected}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1748"/>
        <source>The database {where} is locked by another program or workstation. Wait a moment and try again; nothing was changed.</source>
        <translation>数据库 {where} 被其他程序或工作站锁定。请稍候再试；未作任何更改。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1752"/>
        <source>The database {where} is read-only. Ask for write access or open a copy; nothing was changed.</source>
        <translation>数据库 {where} 为只读。请申请写入权限或打开副本；未作任何更改。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1755"/>
        <source>The disk holding the database {where} is full. Free some space and try again; nothing was changed.</source>
        <translation>存放数据库 {where} 的磁盘已满。请释放空间后再试；未作任何更改。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1759"/>
        <source>The database {where} is damaged. Restore the latest backup (ltfu restore FILE); nothing was changed.</source>
        <translation>数据库 {where} 已损坏。请恢复最近的备份（ltfu restore 文件）；未作任何更改。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1763"/>
        <source>Cannot open the database {where}: check the path and its permissions.</source>
        <translation>无法打开数据库 {where}：请检查路径及其权限。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1766"/>
        <source>The disk holding the database {where} could not be read or written (a disk or network drive failure). Check the disk and try again; nothing was changed.</source>
        <translation>无法读写存放数据库 {where} 的磁盘（磁盘或网络驱动器故障）。请检查磁盘后再试；未作任何更改。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1770"/>
        <source>Cannot reach the database server {where}: check that it is running and that the address, the database name and the user are right.</source>
        <translation>无法连接数据库服务器 {where}：请检查其是否在运行，以及地址、数据库名和用户是否正确。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1774"/>
        <source>The database server {where} is out of resources (too many connections or too little memory). Try again later; nothing was changed.</source>
        <translation>数据库服务器 {where} 资源不足（连接过多或内存不足）。请稍后再试；未作任何更改。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1778"/>
        <source>The database {where} is open read-only: {found_by} found it damaged on {day} ({reason}). Nothing can be saved: restore the latest backup (ltfu restore FILE); &apos;ltfu check&apos; lifts this once it finds no problem.</source>
        <translation>数据库 {where} 以只读方式打开：{found_by}于 {day} 发现其已损坏（{reason}）。无法保存任何内容：请恢复最近的备份（ltfu restore 文件）；“ltfu check”未发现问题后即解除只读。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1782"/>
        <source>{path} is a folder, not a database file.</source>
        <translation>{path} 是文件夹，不是数据库文件。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1783"/>
        <source>Cannot create the database {path}: the folder {folder} does not exist.</source>
        <translation>无法创建数据库 {path}：文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1786"/>
        <source>Cannot create the database {path}: {reason}.</source>
        <translation>无法创建数据库 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1787"/>
        <source>Cannot read the database {path}: {reason}.</source>
        <translation>无法读取数据库 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1793"/>
        <source>{path} is not an ltfu database (it is not a SQLite file). Choose the right file, or restore a backup.</source>
        <translation>{path} 不是 ltfu 数据库（不是 SQLite 文件）。请选择正确的文件，或恢复备份。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1797"/>
        <source>The database has ltfu tables but no schema version; it was not made by this program. Open another file or restore a backup.</source>
        <translation>该数据库有 ltfu 的表但没有结构版本；它不是由本程序创建的。请打开其他文件或恢复备份。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1788"/>
        <source>The upgrade to schema {revision} would leave {count} row(s) referring to a missing record (first: table {table} row {row}); nothing was changed.</source>
        <translation>升级到数据结构版本 {revision} 会留下 {count} 行引用不存在的记录（第一处：表 {table} 第 {row} 行）；未作任何更改。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1801"/>
        <source>The database has schema version {revision}, newer than this program ({head}). Install the newer ltfu that wrote it; nothing was changed.</source>
        <translation>该数据库的结构版本为 {revision}，比本程序（{head}）更新。请安装写入它的较新版 ltfu；未作任何更改。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1805"/>
        <source>Cannot write {path}: it is a symbolic link, and ltfu does not write through links. Remove the link or choose another name.</source>
        <translation>无法写入 {path}：这是一个符号链接，ltfu 不通过链接写入。请删除该链接或另选名称。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1809"/>
        <source>Cannot export to {path}: it is a symbolic link, and ltfu does not write through links. Remove the link or choose another name.</source>
        <translation>无法导出到 {path}：这是一个符号链接，ltfu 不通过链接写入。请删除该链接或另选名称。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1813"/>
        <source>Cannot write into {path}: it is a symbolic link, and ltfu does not write through links. Remove the link or choose another name.</source>
        <translation>无法写入 {path} 之中：这是一个符号链接，ltfu 不通过链接写入。请删除该链接或另选名称。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1817"/>
        <source>Cannot write today&apos;s backup to {folder}: {reason}.</source>
        <translation>无法将今天的备份写入 {folder}：{reason}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1818"/>
        <source>Today&apos;s backup failed on an internal error ({kind}); see the log.</source>
        <translation>今天的备份因内部错误（{kind}）失败；请查看日志。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1821"/>
        <source>Cannot archive the report {name!r}: give a plain file name ending in .pdf.</source>
        <translation>无法归档报告“{name}”：请给出以 .pdf 结尾的普通文件名。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1824"/>
        <source>Cannot archive the report {name}: it is not a PDF file.</source>
        <translation>无法归档报告 {name}：它不是 PDF 文件。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1827"/>
        <source>Cannot read the anchor {path}: {reason}.</source>
        <translation>无法读取锚定文件 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1835"/>
        <source>subject_id {study_id} is also on line {line}</source>
        <translation>subject_id {study_id} 也出现在第 {line} 行</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1836"/>
        <source>subject {study_id} is already enrolled: {difference}</source>
        <translation>受试者 {study_id} 已入组：{difference}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1839"/>
        <source>{column} {value} differs from the enrolled {enrolled}</source>
        <translation>{column} {value} 与已入组的 {enrolled} 不同</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1842"/>
        <source>birth_date differs from the enrolled one</source>
        <translation>birth_date 与已入组的不同</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1828"/>
        <source>protocol: {problem}</source>
        <translation>方案：{problem}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1578"/>
        <source>The IND annual report of {study} ending {day}</source>
        <translation>研究 {study} 截至 {day} 的 IND 年度报告</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1829"/>
        <source>subject {study_id} is already enrolled (at a site you do not see)</source>
        <translation>受试者 {study_id} 已入组（在您无权查看的中心）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1832"/>
        <source>site {site} is not one of the sites you are granted</source>
        <translation>中心 {site} 不在您获授权的中心之中</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1843"/>
        <source>protocol {protocol} differs from the enrolled study {enrolled}</source>
        <translation>方案 {protocol} 与已入组的研究 {enrolled} 不同</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1846"/>
        <source>state {value!r} is not one of {allowed}</source>
        <translation>状态“{value}”不是以下之一：{allowed}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1847"/>
        <source>an outcome is recorded only when a test step ({steps}) is done</source>
        <translation>只有检测步骤（{steps}）完成时才记录结果</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1850"/>
        <source>outcome {value!r} is not one of {allowed}</source>
        <translation>结果“{value}”不是以下之一：{allowed}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1851"/>
        <source>analyte {analyte!r} is unknown</source>
        <translation>未知的检测项目“{analyte}”</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1852"/>
        <source>{analyte} value {value} is not a finite number</source>
        <translation>{analyte} 的值 {value} 不是有限数</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1853"/>
        <source>{analyte} value {value} {unit} is outside the plausible range {range}</source>
        <translation>{analyte} 的值 {value} {unit} 超出合理范围 {range}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1856"/>
        <source>{file}: {added} added, {unchanged} already present</source>
        <translation>{file}：新增 {added} 条，已有 {unchanged} 条</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1857"/>
        <source>{file}: {added} added, {unchanged} already present; new sites: {sites}</source>
        <translation>{file}：新增 {added} 条，已有 {unchanged} 条；新中心：{sites}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1860"/>
        <source>exported {tables} tables ({rows}, {contacts}), {dictionary}, {readme} and {protocols} protocol file(s) to {folder}; checksums in {manifest}</source>
        <translation>已导出 {tables} 张表（{rows}，{contacts}）、{dictionary}、{readme} 和 {protocols} 个方案文件到 {folder}；校验和见 {manifest}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1864"/>
        <source>{n} row</source>
        <translation>{n} 行</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1865"/>
        <source>{n} rows</source>
        <translation>{n} 行</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1866"/>
        <source>with contacts (PHI)</source>
        <translation>含联系信息（PHI）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1867"/>
        <source>without contacts</source>
        <translation>不含联系信息</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1868"/>
        <source>wrote CDISC ODM {version} to {path}: {subjects} subjects, {events} study events, {results} results, {audit} audit records</source>
        <translation>已写入 CDISC ODM {version} 到 {path}：{subjects} 名受试者、{events} 个研究事件、{results} 条结果、{audit} 条审计记录</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1872"/>
        <source>archived {rows} rows of {tables} tables, the audit trail ({entries} entries), the data dictionary and {reports} report(s) to {path} (sha256 {sha}...)</source>
        <translation>已将 {tables} 张表的 {rows} 行、审计轨迹（{entries} 条）、数据字典和 {reports} 份报告归档到 {path}（sha256 {sha}...）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1876"/>
        <source>{events} visit(s) written to {path}</source>
        <translation>已将 {events} 次访视写入 {path}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1877"/>
        <source>freezer {freezer}, rack {rack}, box {box}, position {position}</source>
        <translation>冰箱 {freezer}、架 {rack}、盒 {box}、位置 {position}</translation>
    </message>
    <message>
        <location filename="../labels.py" line="1924"/>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>Models</name>
    <message>
        <location filename="../models.py" line="271"/>
        <source>Overdue {0}</source>
        <translation>逾期 {0}</translation>
    </message>
    <message>
        <location filename="../models.py" line="273"/>
        <source>Due, {0} left</source>
        <translation>到期，剩余 {0}</translation>
    </message>
    <message>
        <location filename="../models.py" line="274"/>
        <source>Upcoming, opens in {0}</source>
        <translation>即将到来，{0}后开始</translation>
    </message>
    <message>
        <location filename="../models.py" line="279"/>
        <source>Overdue: the window closed on {0}, {1} ago; not done and not closed.</source>
        <translation>逾期：窗口已于 {0} 关闭（{1}前）；尚未完成也未关闭。</translation>
    </message>
    <message>
        <location filename="../models.py" line="283"/>
        <source>Due now: the window is open until {0}.</source>
        <translation>现已到期：窗口开放至 {0}。</translation>
    </message>
    <message>
        <location filename="../models.py" line="286"/>
        <source>Upcoming: the window opens on {0}.</source>
        <translation>即将到来：窗口于 {0} 开放。</translation>
    </message>
    <message>
        <location filename="../models.py" line="301"/>
        <location filename="../models.py" line="426"/>
        <location filename="../models.py" line="642"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../models.py" line="308"/>
        <location filename="../models.py" line="357"/>
        <location filename="../models.py" line="414"/>
        <location filename="../models.py" line="926"/>
        <location filename="../models.py" line="990"/>
        <location filename="../models.py" line="1053"/>
        <location filename="../models.py" line="1157"/>
        <location filename="../models.py" line="1183"/>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <location filename="../models.py" line="309"/>
        <location filename="../models.py" line="358"/>
        <location filename="../models.py" line="415"/>
        <location filename="../models.py" line="991"/>
        <source>Site</source>
        <translation>中心</translation>
    </message>
    <message>
        <location filename="../models.py" line="310"/>
        <source>Dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <location filename="../models.py" line="312"/>
        <location filename="../models.py" line="627"/>
        <location filename="../models.py" line="854"/>
        <location filename="../models.py" line="1158"/>
        <source>Visit</source>
        <translation>访视</translation>
    </message>
    <message>
        <location filename="../models.py" line="318"/>
        <location filename="../models.py" line="633"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../models.py" line="321"/>
        <location filename="../models.py" line="636"/>
        <source>Nominal date {0}</source>
        <translation>计划日期 {0}</translation>
    </message>
    <message>
        <location filename="../models.py" line="326"/>
        <location filename="../models.py" line="649"/>
        <source>Mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../models.py" line="328"/>
        <location filename="../models.py" line="651"/>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <location filename="../models.py" line="383"/>
        <source>RCL positive</source>
        <translation>RCL 阳性</translation>
    </message>
    <message>
        <location filename="../models.py" line="385"/>
        <source>{0} overdue</source>
        <translation>{0} 项逾期</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="52"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="53"/>
        <source>Day 0</source>
        <translation>第0天</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="54"/>
        <location filename="../models.py" line="416"/>
        <source>Dose level</source>
        <translation>剂量组</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="55"/>
        <source>CAR+ cells/kg</source>
        <translation>CAR+细胞/kg</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="56"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="63"/>
        <source>Replacement</source>
        <translation>替代治疗</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="64"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="66"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="67"/>
        <source>ongoing</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="71"/>
        <source>Dose (g/kg)</source>
        <translation>剂量（g/kg）</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="79"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="80"/>
        <source>Consented by</source>
        <translation>签署人</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="81"/>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location filename="../models.py" line="417"/>
        <source>Infusion</source>
        <translation>回输</translation>
    </message>
    <message>
        <location filename="../models.py" line="419"/>
        <source>Years</source>
        <translation>年数</translation>
    </message>
    <message>
        <location filename="../models.py" line="422"/>
        <source>Years of follow-up since the first infusion</source>
        <translation>自首次回输以来的随访年数</translation>
    </message>
    <message>
        <location filename="../models.py" line="437"/>
        <source>Next visit</source>
        <translation>下次访视</translation>
    </message>
    <message>
        <location filename="../models.py" line="444"/>
        <source>Alerts</source>
        <translation>警报</translation>
    </message>
    <message>
        <location filename="../models.py" line="628"/>
        <location filename="../models.py" line="874"/>
        <location filename="../models.py" line="879"/>
        <source>unscheduled</source>
        <translation>计划外</translation>
    </message>
    <message>
        <location filename="../models.py" line="646"/>
        <location filename="../models.py" line="660"/>
        <source>Done out of its window</source>
        <translation>在窗口外完成</translation>
    </message>
    <message>
        <location filename="../models.py" line="656"/>
        <location filename="../models.py" line="1028"/>
        <source>Done on</source>
        <translation>完成日期</translation>
    </message>
    <message>
        <location filename="../models.py" line="664"/>
        <source>Done how</source>
        <translation>完成方式</translation>
    </message>
    <message>
        <location filename="../models.py" line="692"/>
        <source>&lt; {0} (below LLOQ)</source>
        <translation>&lt; {0}（低于定量下限）</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="78"/>
        <location filename="../models.py" line="359"/>
        <location filename="../models.py" line="704"/>
        <location filename="../models.py" line="757"/>
        <location filename="../models.py" line="796"/>
        <location filename="../models.py" line="855"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../models.py" line="350"/>
        <source>Alert</source>
        <translation>警报</translation>
    </message>
    <message>
        <location filename="../models.py" line="352"/>
        <source> (blocking)</source>
        <translation>（阻断）</translation>
    </message>
    <message>
        <location filename="../models.py" line="360"/>
        <source>Message</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../models.py" line="706"/>
        <source>Day</source>
        <translation>天</translation>
    </message>
    <message>
        <location filename="../models.py" line="711"/>
        <source>Analyte</source>
        <translation>检测项目</translation>
    </message>
    <message>
        <location filename="../models.py" line="713"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../models.py" line="718"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../models.py" line="719"/>
        <source>Assay</source>
        <translation>检测方法</translation>
    </message>
    <message>
        <location filename="../models.py" line="733"/>
        <source>lineage switch</source>
        <translation>谱系转换</translation>
    </message>
    <message>
        <location filename="../models.py" line="758"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../models.py" line="759"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../models.py" line="765"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../models.py" line="774"/>
        <source>Onset</source>
        <translation>发生</translation>
    </message>
    <message>
        <location filename="../models.py" line="775"/>
        <source>Resolved</source>
        <translation>缓解</translation>
    </message>
    <message>
        <location filename="../models.py" line="776"/>
        <location filename="../models.py" line="993"/>
        <source>Term</source>
        <translation>术语</translation>
    </message>
    <message>
        <location filename="../models.py" line="778"/>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <location filename="../models.py" line="782"/>
        <source>Serious</source>
        <translation>严重</translation>
    </message>
    <message>
        <location filename="../models.py" line="783"/>
        <source>Related</source>
        <translation>相关</translation>
    </message>
    <message>
        <location filename="../models.py" line="784"/>
        <source>DLT</source>
        <translation>DLT</translation>
    </message>
    <message>
        <location filename="../models.py" line="786"/>
        <source>Special interest</source>
        <translation>特别关注</translation>
    </message>
    <message>
        <location filename="../models.py" line="797"/>
        <source>Channel</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../models.py" line="798"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../models.py" line="801"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../models.py" line="799"/>
        <location filename="../models.py" line="1029"/>
        <location filename="../models.py" line="1164"/>
        <source>By</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location filename="../models.py" line="807"/>
        <source>{0} / rack {1} / box {2} / {3}</source>
        <translation>{0} / 架 {1} / 盒 {2} / {3}</translation>
    </message>
    <message>
        <location filename="../models.py" line="814"/>
        <source>shipped {0} to {1}</source>
        <translation>{0} 已寄往 {1}</translation>
    </message>
    <message>
        <location filename="../models.py" line="818"/>
        <source>destroyed {0}</source>
        <translation>{0} 已销毁</translation>
    </message>
    <message>
        <location filename="../models.py" line="831"/>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <location filename="../models.py" line="832"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../models.py" line="833"/>
        <source>Drawn</source>
        <translation>采集日期</translation>
    </message>
    <message>
        <location filename="../models.py" line="834"/>
        <source>Aliquots</source>
        <translation>分装数</translation>
    </message>
    <message>
        <location filename="../models.py" line="835"/>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../models.py" line="836"/>
        <location filename="../models.py" line="1001"/>
        <location filename="../models.py" line="1020"/>
        <location filename="../models.py" line="1047"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../models.py" line="837"/>
        <source>Keep until</source>
        <translation>保存至</translation>
    </message>
    <message>
        <location filename="../models.py" line="839"/>
        <source>Tests</source>
        <translation>检测</translation>
    </message>
    <message>
        <location filename="../models.py" line="856"/>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../models.py" line="868"/>
        <source>open</source>
        <translation>开放</translation>
    </message>
    <message>
        <location filename="../models.py" line="878"/>
        <source>Visit {0}</source>
        <translation>访视 {0}</translation>
    </message>
    <message>
        <location filename="../models.py" line="882"/>
        <source>Subject status</source>
        <translation>受试者状态</translation>
    </message>
    <message>
        <location filename="../models.py" line="883"/>
        <source>Event: {0}</source>
        <translation>事件：{0}</translation>
    </message>
    <message>
        <location filename="../models.py" line="892"/>
        <source>recorded, dated {0}</source>
        <translation>已记录，日期 {0}</translation>
    </message>
    <message>
        <location filename="../models.py" line="102"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../models.py" line="333"/>
        <location filename="../models.py" line="463"/>
        <source>Study</source>
        <translation>研究</translation>
    </message>
    <message>
        <location filename="../models.py" line="370"/>
        <source>transferred out {day}</source>
        <translation>已转出 {day}</translation>
    </message>
    <message>
        <location filename="../models.py" line="451"/>
        <source>Queries</source>
        <translation>质疑</translation>
    </message>
    <message>
        <location filename="../models.py" line="454"/>
        <source>{0} open data query(ies)</source>
        <translation>{0} 个未解决的数据质疑</translation>
    </message>
    <message>
        <location filename="../models.py" line="581"/>
        <source>verification cleared by change on {0}</source>
        <translation>核查标记因 {0} 的更改而清除</translation>
    </message>
    <message>
        <location filename="../models.py" line="589"/>
        <source>Verified against the source by {0} on {1}</source>
        <translation>由 {0} 于 {1} 与源文件核对</translation>
    </message>
    <message>
        <location filename="../models.py" line="595"/>
        <source>Cleared by {0} on {1}: {2}</source>
        <translation>由 {0} 于 {1} 清除：{2}</translation>
    </message>
    <message>
        <location filename="../models.py" line="615"/>
        <source>Verified</source>
        <translation>已核查</translation>
    </message>
    <message>
        <location filename="../models.py" line="876"/>
        <source>{0} visits: {1}</source>
        <translation>{0} 次访视：{1}</translation>
    </message>
    <message>
        <location filename="../models.py" line="901"/>
        <location filename="../models.py" line="920"/>
        <source>Who</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../models.py" line="903"/>
        <source>What</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../models.py" line="907"/>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <location filename="../models.py" line="909"/>
        <location filename="../models.py" line="939"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../models.py" line="921"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../models.py" line="923"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../models.py" line="927"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../models.py" line="929"/>
        <source>Old value</source>
        <translation>原值</translation>
    </message>
    <message>
        <location filename="../models.py" line="934"/>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <location filename="../models.py" line="977"/>
        <source>({0})</source>
        <translation>（{0}）</translation>
    </message>
    <message>
        <location filename="../models.py" line="979"/>
        <source>({0} left)</source>
        <translation>（剩余 {0}）</translation>
    </message>
    <message>
        <location filename="../models.py" line="988"/>
        <location filename="../models.py" line="1055"/>
        <source>Case</source>
        <translation>个案</translation>
    </message>
    <message>
        <location filename="../models.py" line="989"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../models.py" line="992"/>
        <location filename="../models.py" line="1059"/>
        <source>Site aware on</source>
        <translation>中心获知日期</translation>
    </message>
    <message>
        <location filename="../models.py" line="995"/>
        <source>Open steps</source>
        <translation>未完成的步骤</translation>
    </message>
    <message>
        <location filename="../models.py" line="1016"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../models.py" line="1017"/>
        <location filename="../models.py" line="1060"/>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../models.py" line="1018"/>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../models.py" line="1031"/>
        <source>Note or reason</source>
        <translation>备注或原因</translation>
    </message>
    <message>
        <location filename="../models.py" line="1052"/>
        <source>Report to</source>
        <translation>报告对象</translation>
    </message>
    <message>
        <location filename="../models.py" line="1061"/>
        <source>Sent on</source>
        <translation>发送日期</translation>
    </message>
    <message>
        <location filename="../models.py" line="1062"/>
        <source>Sent to</source>
        <translation>发送给</translation>
    </message>
    <message>
        <location filename="../models.py" line="1063"/>
        <source>Reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../models.py" line="1130"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../models.py" line="1131"/>
        <source>line {0}</source>
        <translation>第 {0} 行</translation>
    </message>
    <message>
        <location filename="../models.py" line="1136"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../models.py" line="1152"/>
        <source>Printed</source>
        <translation>打印日期</translation>
    </message>
    <message>
        <location filename="../models.py" line="1159"/>
        <source>To</source>
        <translation>收件人</translation>
    </message>
    <message>
        <location filename="../models.py" line="1161"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../models.py" line="1166"/>
        <source>Returned</source>
        <translation>退回</translation>
    </message>
    <message>
        <location filename="../models.py" line="1168"/>
        <source>returned {0}</source>
        <translation>{0} 退回</translation>
    </message>
    <message>
        <location filename="../models.py" line="1185"/>
        <source>Why no letter</source>
        <translation>未发信原因</translation>
    </message>
    <message>
        <location filename="../models.py" line="1195"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../models.py" line="1196"/>
        <source>Full name</source>
        <translation>全名</translation>
    </message>
    <message>
        <location filename="../models.py" line="1197"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../models.py" line="1199"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../models.py" line="1201"/>
        <source>inactive</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../models.py" line="1203"/>
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../models.py" line="1205"/>
        <source>set-up login (no password)</source>
        <translation>设置模式登录名（无密码）</translation>
    </message>
    <message>
        <location filename="../models.py" line="1208"/>
        <source>Sees</source>
        <translation>可见范围</translation>
    </message>
    <message>
        <location filename="../models.py" line="1214"/>
        <source>every study</source>
        <translation>所有研究</translation>
    </message>
    <message>
        <location filename="../models.py" line="1215"/>
        <source>every site</source>
        <translation>所有中心</translation>
    </message>
    <message>
        <location filename="../models.py" line="1217"/>
        <source>all subjects</source>
        <translation>所有受试者</translation>
    </message>
    <message>
        <location filename="../models.py" line="1219"/>
        <source>{0} at {1}</source>
        <translation>{1} 的{0}</translation>
    </message>
</context>
<context>
    <name>PdSummaryView</name>
    <message>
        <location filename="../dose_page.py" line="381"/>
        <source>A&amp;nalyte:</source>
        <translation>检测项目(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="381"/>
        <source>Analyte</source>
        <translation>检测项目</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="384"/>
        <source>Baseline: the last value on or before Day 0. Peak: the highest value from Day 0 to Day 28. Fold change: peak / baseline. AUC: Day 0 to Day 28 by the PK trapezoid rules. Median (range).</source>
        <translation>基线：第 0 天或之前的最后一个值。峰值：第 0 天至第 28 天的最高值。倍数变化：峰值 / 基线。AUC：第 0 天至第 28 天，按 PK 梯形法则计算。中位值（范围）。</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="391"/>
        <location filename="../dose_page.py" line="396"/>
        <source>By dose level</source>
        <translation>按剂量组</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="392"/>
        <source>By worst CRS grade</source>
        <translation>按 CRS 最高分级</translation>
    </message>
    <message>
        <location filename="../dose_page.py" line="398"/>
        <source>By worst CRS grade (ASTCT; none = no CRS)</source>
        <translation>按 CRS 最高分级（ASTCT；无 = 未发生 CRS）</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <location filename="../pdf_preview.py" line="104"/>
        <source>Pages</source>
        <extracomment>Zoom choices after the two fits, as factors. Pages go to the printer as images of at most this resolution (QtPdf renders pixels): sharp on paper, and an A4 page stays about 35 MB while it is drawn.</extracomment>
        <translation>页面</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="109"/>
        <source>◀ &amp;Previous</source>
        <translation>◀ 上一页(&amp;P)</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="109"/>
        <source>Previous page (Page Up)</source>
        <translation>上一页（Page Up）</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="110"/>
        <source>Page</source>
        <translation>页码</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="113"/>
        <source>Pa&amp;ge:</source>
        <translation>页码(&amp;G)：</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="116"/>
        <source>Page count</source>
        <translation>总页数</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="117"/>
        <source>&amp;Next ▶</source>
        <translation>下一页(&amp;N) ▶</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="117"/>
        <source>Next page (Page Down)</source>
        <translation>下一页（Page Down）</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="118"/>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="119"/>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="120"/>
        <source>Whole page</source>
        <translation>整页</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="123"/>
        <source>&amp;Zoom:</source>
        <translation>缩放(&amp;Z)：</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="125"/>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="125"/>
        <source>Print on this workstation&apos;s printer (Ctrl+P)</source>
        <translation>用本工作站的打印机打印（Ctrl+P）</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="127"/>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="127"/>
        <source>Save these exact pages as a PDF file (recorded in the audit trail)</source>
        <translation>将这些页面原样保存为 PDF 文件（记入稽查轨迹）</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="130"/>
        <source>Open in another &amp;viewer</source>
        <translation>用其他查看器打开(&amp;V)</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="131"/>
        <source>Hand a private copy to the PDF viewer of this computer, if it has one</source>
        <translation>将一份私有副本交给本机的 PDF 查看器（如有）</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="133"/>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="135"/>
        <source>Preview status</source>
        <translation>预览状态</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="187"/>
        <source>{0} - preview</source>
        <translation>{0} - 预览</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="204"/>
        <source>The document cannot be shown: it is not a readable PDF.</source>
        <translation>无法显示该文档：它不是可读取的 PDF。</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="209"/>
        <source>of {0}</source>
        <translation>共 {0} 页</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="210"/>
        <source>{0}: {1} page(s).</source>
        <translation>{0}：{1} 页。</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="261"/>
        <source>Printing {0} page(s)…</source>
        <translation>正在打印 {0} 页…</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="276"/>
        <source>Sent {0} page(s) to {1}.</source>
        <translation>已将 {0} 页发送到 {1}。</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="280"/>
        <source>Not printed</source>
        <translation>未打印</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="280"/>
        <source>The printer could not be started; nothing was printed.</source>
        <translation>无法启动打印机；未打印任何内容。</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="306"/>
        <source>Save {0}</source>
        <translation>保存{0}</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="308"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="323"/>
        <source>Saved to {0}.</source>
        <translation>已保存到 {0}。</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="331"/>
        <location filename="../pdf_preview.py" line="335"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="331"/>
        <source>Cannot write the file: {0}.</source>
        <translation>无法写入文件：{0}。</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="346"/>
        <source>Cannot open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="346"/>
        <source>Cannot write the document: {0}</source>
        <translation>无法写入文档：{0}</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="352"/>
        <source>No PDF viewer</source>
        <translation>没有 PDF 查看器</translation>
    </message>
    <message>
        <location filename="../pdf_preview.py" line="353"/>
        <source>No other program on this computer opens PDF files: print or save from this preview.</source>
        <translation>本机没有其他程序能打开 PDF 文件：请在此预览中打印或保存。</translation>
    </message>
</context>
<context>
    <name>Queries</name>
    <message>
        <location filename="../queries_view.py" line="29"/>
        <source>date done</source>
        <translation>实际日期</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="30"/>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="31"/>
        <location filename="../queries_view.py" line="32"/>
        <source>date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="33"/>
        <source>cause of death</source>
        <translation>死亡原因</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="34"/>
        <source>detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="35"/>
        <source>grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="36"/>
        <source>onset</source>
        <translation>发生</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="37"/>
        <source>term</source>
        <translation>术语</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="38"/>
        <source>dose level</source>
        <translation>剂量组</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="70"/>
        <source>Open query #{0}: {1}</source>
        <translation>未解决的质疑 #{0}：{1}</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="79"/>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="80"/>
        <source>About</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="82"/>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="87"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="96"/>
        <source>Raised</source>
        <translation>发起</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="101"/>
        <source>Answer</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="113"/>
        <source>edit check</source>
        <translation>逻辑核查</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="121"/>
        <source>corrected by {0}: {1}</source>
        <translation>由 {0} 更正：{1}</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="123"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="127"/>
        <source>note: {0}</source>
        <translation>备注：{0}</translation>
    </message>
</context>
<context>
    <name>QueriesTable</name>
    <message>
        <location filename="../queries_view.py" line="143"/>
        <source>Queries</source>
        <translation>质疑</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="148"/>
        <source>&amp;Answer…</source>
        <translation>回复(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="148"/>
        <source>Answer the selected open query with a text (the value stands)</source>
        <translation>以文字回复所选的未解决质疑（数值保持不变）</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="151"/>
        <source>Co&amp;rrect value…</source>
        <translation>更正数值(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="151"/>
        <source>Correct the value the selected query asks about, with a reason</source>
        <translation>更正所选质疑涉及的数值，并填写原因</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="154"/>
        <source>C&amp;lose query</source>
        <translation>关闭质疑(&amp;L)</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="154"/>
        <source>The answer settles it: close the selected query</source>
        <translation>回复已解决问题：关闭所选质疑</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="157"/>
        <source>Re-&amp;open…</source>
        <translation>重新打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="157"/>
        <source>Send the selected query back to the site, with a reason</source>
        <translation>将所选质疑退回研究中心，并填写原因</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="208"/>
        <source>Query answered.</source>
        <translation>质疑已回复。</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="215"/>
        <source>Value corrected; the query is answered.</source>
        <translation>数值已更正；质疑已回复。</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="221"/>
        <source>Query closed.</source>
        <translation>质疑已关闭。</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="227"/>
        <source>Query re-opened.</source>
        <translation>质疑已重新打开。</translation>
    </message>
</context>
<context>
    <name>QuestionnaireDialog</name>
    <message>
        <location filename="../screening.py" line="113"/>
        <source>Questionnaire answers: {0} {1}</source>
        <translation>问卷答案：{0} {1}</translation>
    </message>
    <message>
        <location filename="../screening.py" line="114"/>
        <source>&amp;Save answers</source>
        <translation>保存答案(&amp;S)</translation>
    </message>
    <message>
        <location filename="../screening.py" line="120"/>
        <source>{0} (window {1}). Enter the answers as ticked on the returned form.</source>
        <translation>{0}（时间窗 {1}）。请按寄回问卷上勾选的内容录入答案。</translation>
    </message>
    <message>
        <location filename="../screening.py" line="127"/>
        <source>Date the questionnaire was filled in</source>
        <translation>问卷填写日期</translation>
    </message>
    <message>
        <location filename="../screening.py" line="128"/>
        <source>&amp;Filled in on:</source>
        <translation>填写日期(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../screening.py" line="139"/>
        <source>The date {0} is in the future (today is {1}).</source>
        <translation>日期 {0} 在将来（今天是 {1}）。</translation>
    </message>
    <message>
        <location filename="../screening.py" line="141"/>
        <source>The date {0} is before the infusion on {1}.</source>
        <translation>日期 {0} 早于 {1} 的回输。</translation>
    </message>
    <message>
        <location filename="../screening.py" line="151"/>
        <source>Then update the contact details with the new address or doctor from the form.</source>
        <translation>随后请根据问卷更新联系信息中的新地址或新医生。</translation>
    </message>
    <message>
        <location filename="../screening.py" line="153"/>
        <source>Each yes of special interest then opens the adverse-event entry.</source>
        <translation>每个特别关注问题回答“是”后，将打开不良事件录入。</translation>
    </message>
</context>
<context>
    <name>RaiseQueryDialog</name>
    <message>
        <location filename="../queries_view.py" line="253"/>
        <source>Raise a query: {0}</source>
        <translation>发起质疑：{0}</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="253"/>
        <source>&amp;Raise query</source>
        <translation>发起质疑(&amp;R)</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="257"/>
        <source>About:</source>
        <translation>对象：</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="258"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="260"/>
        <source>the whole record</source>
        <translation>整条记录</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="265"/>
        <source>&amp;Field:</source>
        <translation>字段(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="266"/>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="266"/>
        <source>&amp;Question:</source>
        <translation>问题(&amp;Q)：</translation>
    </message>
    <message>
        <location filename="../queries_view.py" line="270"/>
        <source>Write the question for the site.</source>
        <translation>请填写给研究中心的问题。</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../dialogs.py" line="421"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="421"/>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="423"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="423"/>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="430"/>
        <source>Give a reason: it is kept in the history.</source>
        <translation>请填写原因：它将保存在历史记录中。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="433"/>
        <source>The date {0} is in the future (today is {1}).</source>
        <translation>日期 {0} 在未来（今天是 {1}）。</translation>
    </message>
</context>
<context>
    <name>RecordVisitDialog</name>
    <message>
        <location filename="../dialogs.py" line="290"/>
        <source>Record a visit: {0}</source>
        <translation>记录访视：{0}</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="290"/>
        <source>&amp;Record visit</source>
        <translation>记录访视(&amp;R)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="296"/>
        <source>Visit date</source>
        <translation>访视日期</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="296"/>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="297"/>
        <source>Which visit</source>
        <translation>哪次访视</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="298"/>
        <source>The visit whose window holds the date</source>
        <translation>窗口包含该日期的访视</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="306"/>
        <source>An unscheduled visit (no planned visit)</source>
        <translation>计划外访视（不属于任何计划访视）</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="309"/>
        <source>&amp;Visit:</source>
        <translation>访视(&amp;V)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="310"/>
        <source>How the visit took place</source>
        <translation>访视方式</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="310"/>
        <source>&amp;Mode:</source>
        <translation>方式(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="311"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="311"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="311"/>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="362"/>
        <source>The date {0} is in the future (today is {1}).</source>
        <translation>日期 {0} 在未来（今天是 {1}）。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="364"/>
        <source>The date {0} is before the infusion on {1}.</source>
        <translation>日期 {0} 早于 {1} 的回输。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="366"/>
        <source>The date {0} is after the subject&apos;s death on {1}.</source>
        <translation>日期 {0} 晚于受试者的死亡日期 {1}。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="376"/>
        <source>It will be recorded as an unscheduled visit on {0}.</source>
        <translation>将记录为 {0} 的计划外访视。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="380"/>
        <source>No open visit&apos;s window holds {0}: it will be recorded as an unscheduled visit.</source>
        <translation>没有开放访视的窗口包含 {0}：将记录为计划外访视。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="382"/>
        <source>This completes {0} (window {1}).</source>
        <translation>这将完成 {0}（窗口 {1}）。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="383"/>
        <source>{0} is outside the window of {1} ({2}): it will be recorded as done out of window.</source>
        <translation>{0} 不在 {1} 的窗口（{2}）内：将记录为窗口外完成。</translation>
    </message>
</context>
<context>
    <name>ReportSentDialog</name>
    <message>
        <location filename="../cases.py" line="211"/>
        <source>Report sent: {0}</source>
        <translation>报告已发送：{0}</translation>
    </message>
    <message>
        <location filename="../cases.py" line="211"/>
        <source>&amp;Record as sent</source>
        <translation>登记为已发送(&amp;R)</translation>
    </message>
    <message>
        <location filename="../cases.py" line="214"/>
        <source>Report to the {0} about {1}: the site knew on {2}, due on {3}.</source>
        <translation>关于 {1} 向{0}的报告：中心于 {2} 获知，{3} 到期。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="220"/>
        <source>Date sent</source>
        <translation>发送日期</translation>
    </message>
    <message>
        <location filename="../cases.py" line="220"/>
        <source>&amp;Sent on:</source>
        <translation>发送日期(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../cases.py" line="222"/>
        <source>Sent to</source>
        <translation>发送给</translation>
    </message>
    <message>
        <location filename="../cases.py" line="222"/>
        <source>who received it, e.g. the sponsor&apos;s safety desk</source>
        <translation>接收方，例如申办方的药物警戒部门</translation>
    </message>
    <message>
        <location filename="../cases.py" line="222"/>
        <source>Sent &amp;to:</source>
        <translation>发送给(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../cases.py" line="225"/>
        <source>Reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../cases.py" line="225"/>
        <source>the report&apos;s number or the message&apos;s reference</source>
        <translation>报告编号或邮件编号</translation>
    </message>
    <message>
        <location filename="../cases.py" line="225"/>
        <source>Re&amp;ference:</source>
        <translation>编号(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../cases.py" line="237"/>
        <source>Give who the report was sent to.</source>
        <translation>请填写报告的接收方。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="239"/>
        <source>Give the report&apos;s reference.</source>
        <translation>请填写报告编号。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="244"/>
        <source>Sent after its due date {0}: it will show as sent late.</source>
        <translation>晚于到期日 {0} 发送：将显示为逾期发送。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="247"/>
        <source>Sent by its due date: it will show as sent on time.</source>
        <translation>在到期日前发送：将显示为按时发送。</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../reports_page.py" line="74"/>
        <source>{0} KB</source>
        <extracomment>The kinds a principal investigator signs. The annual report&apos;s languages, each named in itself (as on the Settings page).</extracomment>
        <translation>{0} KB</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="75"/>
        <source>{0:.1f} MB</source>
        <translation>{0:.1f} MB</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="81"/>
        <source>Reading the records</source>
        <translation>正在读取记录</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="82"/>
        <source>Counting subjects and visits</source>
        <translation>正在统计受试者和访视</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="83"/>
        <source>Computing the data hash</source>
        <translation>正在计算数据哈希</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="84"/>
        <source>Computing the endpoints</source>
        <translation>正在计算终点</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="85"/>
        <source>Preparing the tables and plots</source>
        <translation>正在准备表格和图</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="86"/>
        <source>Laying out the pages</source>
        <translation>正在排版页面</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="87"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="152"/>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="153"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="153"/>
        <source>&amp;Report:</source>
        <translation>报告(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="154"/>
        <source>St&amp;udy:</source>
        <translation>研究(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="164"/>
        <source>Letters for windows opening from</source>
        <translation>信件：访视窗口开始日期从</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="166"/>
        <source>Letters for windows opening until</source>
        <translation>信件：访视窗口开始日期至</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="167"/>
        <source>Also a letter to each subject&apos;s local &amp;physician (where one is on file)</source>
        <translation>同时致信每位受试者的当地医生（如有记录）(&amp;P)</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="168"/>
        <source>Visit windows opening &amp;from:</source>
        <translation>访视窗口开始日期从(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="169"/>
        <location filename="../reports_page.py" line="200"/>
        <source>&amp;to:</source>
        <translation>至(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="174"/>
        <source>Each subject&apos;s next visit whose window opens in the range gets a letter in their language, with the window and a suggested day. Generating prints the run: every letter is logged.</source>
        <translation>下一次访视窗口在此范围内开始的每位受试者，都会收到以其语言书写的信件，注明访视窗口和建议日期。生成即视为打印：每封信都会记入日志。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="181"/>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="182"/>
        <source>study id, e.g. CD1922-017</source>
        <translation>研究编号，例如 CD1922-017</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="187"/>
        <source>&amp;Subject:</source>
        <translation>受试者(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="188"/>
        <source>The subject&apos;s visits to year 15 with their status, then a wallet card.</source>
        <translation>受试者至第 15 年的全部访视及其状态，随后是随身卡。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="192"/>
        <source>Site</source>
        <translation>中心</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="195"/>
        <source>Calendar from</source>
        <translation>日历起始日期</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="197"/>
        <source>Calendar until</source>
        <translation>日历截止日期</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="198"/>
        <source>S&amp;ite:</source>
        <translation>中心(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="199"/>
        <source>Visits &amp;from:</source>
        <translation>访视日期从(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="207"/>
        <source>Report year</source>
        <translation>报告年份</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="209"/>
        <source>Data cut</source>
        <translation>数据截止日期</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="213"/>
        <source>&amp;Year:</source>
        <translation>年份(&amp;Y)：</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="214"/>
        <source>&amp;Data cut:</source>
        <translation>数据截止日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="219"/>
        <source>Records dated up to and including the data cut. The cover carries a hash of the data, so anyone can rebuild the same numbers; a principal investigator signs the report here.</source>
        <translation>包含截至数据截止日期（含当日）的记录。封面印有数据的哈希值，任何人都可以重现相同的数字；主要研究者在此签署报告。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="224"/>
        <source>Frozen data cut</source>
        <translation>数据冻结点</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="226"/>
        <source>Rebuild from cut and compare</source>
        <translation>按冻结点重建并比较</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="228"/>
        <source>The report from the data as they were when the cut was frozen (from the audit trail), compared with the signed report and with today&apos;s data</source>
        <translation>按冻结时的数据（由稽查轨迹还原）生成报告，并与已签署的报告和今天的数据比较</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="233"/>
        <source>Freeze data…</source>
        <translation>冻结数据…</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="235"/>
        <source>Freeze the records dated up to a day before building and signing a report (principal investigator)</source>
        <translation>在生成和签署报告前冻结截至某日的记录（主要研究者）</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="239"/>
        <source>Data review</source>
        <translation>数据审查</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="241"/>
        <source>Fro&amp;zen data cut:</source>
        <translation>数据冻结点(&amp;Z)：</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="270"/>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="270"/>
        <location filename="../reports_page.py" line="496"/>
        <source>Make the document (in the background)</source>
        <translation>生成文档（在后台进行）</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="271"/>
        <source>Report status</source>
        <translation>报告状态</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="280"/>
        <source>What the document holds</source>
        <translation>文档内容</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="284"/>
        <source>Si&amp;gn…</source>
        <translation>签署(&amp;G)…</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="282"/>
        <source>&amp;Preview and print…</source>
        <translation>预览和打印(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="249"/>
        <source>IND period ended by</source>
        <translation>IND 报告期截止于</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="253"/>
        <source>Plan for the coming year</source>
        <translation>下一年度计划</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="255"/>
        <source>The plan for the coming year (21 CFR 312.33(f)), written by the principal investigator</source>
        <translation>下一年度计划（21 CFR 312.33(f)），由主要研究者填写</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="258"/>
        <source>Period ended &amp;by:</source>
        <translation>报告期截止于(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="260"/>
        <source>&amp;Plan for the coming year:</source>
        <translation>下一年度计划(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="264"/>
        <source>The year ending on the IND anniversary (the protocol&apos;s [ind] anniversary) on or before this day; due 60 days after it. The plan is stored (audited) when the report is generated.</source>
        <translation>截至此日或此日之前最近一个 IND 周年日（方案 [ind] anniversary）的一年；周年日后 60 天内提交。生成报告时保存计划（留有稽查记录）。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="282"/>
        <source>Show the pages, print them or save them</source>
        <translation>显示页面，打印或保存</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="287"/>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="296"/>
        <location filename="../reports_page.py" line="298"/>
        <source>Subjects without a letter</source>
        <translation>未发信的受试者</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="314"/>
        <location filename="../reports_page.py" line="329"/>
        <source>Letters log</source>
        <translation>信件日志</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="317"/>
        <source>subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="318"/>
        <source>Filter the letters log by subject</source>
        <translation>按受试者筛选信件日志</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="320"/>
        <source>Mark &amp;returned…</source>
        <translation>标记为退回(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="321"/>
        <source>The selected letter came back undelivered (counts as a failed contact by post)</source>
        <translation>所选信件因无法投递被退回（计为一次失败的邮寄联系）</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="324"/>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="387"/>
        <source>Visit letters</source>
        <translation>访视通知信</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="388"/>
        <source>A subject&apos;s schedule and wallet card</source>
        <translation>受试者访视计划和随身卡</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="389"/>
        <source>Site calendar</source>
        <translation>中心日历</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="390"/>
        <source>Annual status report</source>
        <translation>年度状态报告</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="391"/>
        <source>IND annual report</source>
        <translation>IND 年度报告</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="447"/>
        <location filename="../reports_page.py" line="456"/>
        <source>The range ends before it starts.</source>
        <translation>日期范围的结束早于开始。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="474"/>
        <source>Enter the subject&apos;s study id.</source>
        <translation>请输入受试者的研究编号。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="454"/>
        <source>No site in this database yet.</source>
        <translation>此数据库中尚无中心。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="460"/>
        <source>The data cut must fall in {0}.</source>
        <translation>数据截止日期必须在 {0} 年内。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="462"/>
        <location filename="../reports_page.py" line="464"/>
        <source>The data cut {0} is in the future (today is {1}).</source>
        <translation>数据截止日期 {0} 在未来（今天是 {1}）。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="481"/>
        <source>No subject matches “{0}”.</source>
        <translation>没有与“{0}”匹配的受试者。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="484"/>
        <source>“{0}” matches {1} subjects ({2}): type more of the study id.</source>
        <translation>“{0}”匹配 {1} 名受试者（{2}）：请再多输入几位研究编号。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="534"/>
        <source>{0} letter(s) for visit windows opening {1} – {2}, logged as printed on {3}.</source>
        <translation>{0} 封信件，对应 {1} – {2} 开始的访视窗口，已记录为于 {3} 打印。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="543"/>
        <source>Languages: {0}.</source>
        <translation>语言：{0}。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="546"/>
        <source>{0} subject(s) get no letter; the reasons are below.</source>
        <translation>{0} 名受试者未发信；原因见下方。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="552"/>
        <source>No letter to print: no subject&apos;s next visit window opens in this range.</source>
        <translation>没有需要打印的信件：没有受试者的下一次访视窗口在此范围内开始。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="558"/>
        <source>Visit letters {0} – {1}</source>
        <translation>访视通知信 {0} – {1}</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="565"/>
        <source>Printing the letters…</source>
        <translation>正在打印信件…</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="576"/>
        <source>Schedule and wallet card of {0}</source>
        <translation>{0} 的访视计划和随身卡</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="580"/>
        <source>Every visit of {0} to year 15 with its window and status, as of {1}.</source>
        <translation>{0} 至第 15 年的每次访视及其窗口和状态，截至 {1}。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="586"/>
        <source>Making the schedule…</source>
        <translation>正在生成访视计划…</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="598"/>
        <source>Site calendar {0}, {1} – {2}</source>
        <translation>中心日历 {0}，{1} – {2}</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="602"/>
        <source>Open visits of site {0} with a nominal date from {1} to {2}, week by week.</source>
        <translation>中心 {0} 名义日期在 {1} 至 {2} 之间的未完成访视，按周排列。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="608"/>
        <source>Making the site calendar…</source>
        <translation>正在生成中心日历…</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="627"/>
        <source>Annual status report {0}</source>
        <translation>{0} 年度状态报告</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="631"/>
        <source>Reporting period {0} – {1}; data cut {2}.</source>
        <translation>报告期 {0} – {1}；数据截止日期 {2}。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="634"/>
        <location filename="../reports_page.py" line="677"/>
        <source>Data hash (SHA-256) {0}: the same data gives the same numbers.</source>
        <translation>数据哈希 (SHA-256) {0}：相同的数据得出相同的数字。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="638"/>
        <location filename="../reports_page.py" line="681"/>
        <location filename="../reports_page.py" line="821"/>
        <source>Not signed yet.</source>
        <translation>尚未签署。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="647"/>
        <source>Building the annual status report…</source>
        <translation>正在生成年度状态报告…</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="670"/>
        <source>IND annual report, period ending {0}</source>
        <translation>IND 年度报告，报告期截至 {0}</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="674"/>
        <source>Reporting period {0} – {1}; due {2}.</source>
        <translation>报告期 {0} – {1}；截止日期 {2}。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="689"/>
        <source>Building the IND annual report…</source>
        <translation>正在生成 IND 年度报告…</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="700"/>
        <source>Made: {0}.</source>
        <translation>已生成：{0}。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="708"/>
        <source>Not made.</source>
        <translation>未生成。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="716"/>
        <source>Stopped; nothing was made.</source>
        <translation>已停止；未生成任何文档。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="727"/>
        <source>{0} page(s), {1}.</source>
        <translation>{0} 页，{1}。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="786"/>
        <source>Signed already; generate again to sign a new version</source>
        <translation>已签署；如需签署新版本请重新生成</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="789"/>
        <source>Set-up mode: nobody is signed in. Only a principal investigator, signed in with their own account, signs the annual report.</source>
        <translation>设置模式：没有人登录。只有用自己账户登录的主要研究者才能签署年度报告。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="793"/>
        <source>Only a principal investigator signs the annual report (you are signed in as {0}).</source>
        <translation>只有主要研究者才能签署年度报告（您以{0}身份登录）。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="797"/>
        <source>Look at the report in the preview first: the signature names the exact pages shown.</source>
        <translation>请先在预览中查看报告：签名对应的正是所显示的页面。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="804"/>
        <source>Sign the pages shown with your password and the meaning of your signature</source>
        <translation>用您的密码和签名含义签署所显示的页面</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="737"/>
        <source>SHA-256 of the signed PDF: {0}</source>
        <translation>已签署 PDF 的 SHA-256：{0}</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="832"/>
        <source>Signed. Save the signed report: it is the one that verifies.</source>
        <translation>已签署。请保存已签署的报告：只有它能通过验证。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="859"/>
        <source>Cut {0}: data up to {1}, frozen {2}</source>
        <translation>冻结点 {0}：截至 {1} 的数据，冻结于 {2}</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="864"/>
        <source>Changed after the {0} cut (cut {1}): {2} record(s).</source>
        <translation>{0} 年冻结点（冻结点 {1}）之后更改：{2} 条记录。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="868"/>
        <source>No data cut frozen yet.</source>
        <translation>尚未冻结数据。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="870"/>
        <source>Source verification, site {0}: {1} of {2} done visits verified.</source>
        <translation>源数据核查，中心 {0}：{2} 次已完成随访中已核查 {1} 次。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="888"/>
        <source>Freeze the data</source>
        <translation>冻结数据</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="889"/>
        <source>&amp;Freeze</source>
        <translation>冻结(&amp;F)</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="891"/>
        <source>Records dated up to this day are frozen: they can still be corrected, but only with a reason, and each correction is listed against the cut. A report signed now can be rebuilt exactly from the cut.</source>
        <translation>截至此日的记录将被冻结：仍可更正，但必须填写原因，且每项更正都会列在该冻结点下。现在签署的报告可按冻结点原样重建。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="923"/>
        <source>Rebuilding the annual status report from the cut…</source>
        <translation>正在按冻结点重建年度状态报告…</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="939"/>
        <source>{0} letters, {1} returned</source>
        <translation>{0} 封信件，{1} 封退回</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="965"/>
        <source>Letter to {0} marked returned; a failed contact attempt by post was recorded.</source>
        <translation>寄给 {0} 的信件已标记为退回；已记录一次失败的邮寄联系尝试。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="975"/>
        <source>Signed by {0} ({1}), meaning: {2}, on {3} local time ({4} UTC). Document SHA-256 {5}…</source>
        <translation>由 {0}（{1}）签署，含义：{2}，时间 {3}（本地时间；{4} UTC）。文档 SHA-256 {5}…</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1107"/>
        <source>Identical to the signed report (SHA-256 {0}), signed by {1} on {2}.</source>
        <translation>与已签署的报告完全相同（SHA-256 {0}），由 {1} 于 {2} 签署。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1113"/>
        <source>No report was signed from these data (SHA-256 {0}).</source>
        <translation>没有基于这些数据签署的报告（SHA-256 {0}）。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1119"/>
        <source>Today&apos;s data differ: changed after the {0} cut: {1} record(s).</source>
        <translation>今天的数据不同：{0} 年冻结点之后更改了 {1} 条记录。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1124"/>
        <source>{0} {1} {2}: {3} → {4} on {5} by {6} ({7})</source>
        <translation>{0} {1} {2}：{3} → {4}，{5} 由 {6} 更改（{7}）</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1137"/>
        <source>Today&apos;s data give the same numbers.</source>
        <translation>今天的数据得出相同的数字。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1141"/>
        <source>Annual status report {0} rebuilt from cut {1} ({2})</source>
        <translation>按冻结点 {1}（{2}）重建的 {0} 年度状态报告</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1161"/>
        <source>in Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1162"/>
        <source>in English</source>
        <translation>英文</translation>
    </message>
</context>
<context>
    <name>ResultDialog</name>
    <message>
        <location filename="../entry_dialogs.py" line="61"/>
        <source>Record a result: {0}</source>
        <translation>记录检测结果：{0}</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="61"/>
        <source>&amp;Record result</source>
        <translation>记录结果(&amp;R)</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="66"/>
        <source>Analyte</source>
        <translation>检测项目</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="66"/>
        <source>&amp;Analyte:</source>
        <translation>检测项目(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="67"/>
        <source>Sample date</source>
        <translation>采样日期</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="67"/>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="69"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="72"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="73"/>
        <source>The units this analyte accepts; another unit is refused</source>
        <translation>此检测项目接受的单位；其他单位将被拒绝</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="80"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="90"/>
        <source>&amp;Below the limit of quantification (enter the limit as the value)</source>
        <translation>低于定量下限（数值处填写定量下限）(&amp;B)</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="91"/>
        <source>Below the limit of quantification</source>
        <translation>低于定量下限</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="94"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="94"/>
        <source>Assay</source>
        <translation>检测方法</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="94"/>
        <source>A&amp;ssay:</source>
        <translation>检测方法(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="132"/>
        <source>&amp;Result:</source>
        <translation>结果(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="135"/>
        <source>&amp;Limit (LLOQ):</source>
        <translation>定量下限 LLOQ(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="135"/>
        <source>&amp;Value:</source>
        <translation>数值(&amp;V)：</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="148"/>
        <source>The date {0} is in the future (today is {1}).</source>
        <translation>日期 {0} 在未来（今天是 {1}）。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="150"/>
        <source>The date {0} is after the subject&apos;s death on {1}.</source>
        <translation>日期 {0} 晚于受试者的死亡日期 {1}。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="158"/>
        <source>“{0}” is not a number: type digits, with a decimal point if needed.</source>
        <translation>“{0}”不是数字：请输入数字，需要时使用小数点。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="161"/>
        <source>A value cannot be negative.</source>
        <translation>数值不能为负。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="166"/>
        <source>The unit “{0}” does not fit {1}: use {2}.</source>
        <translation>单位“{0}”不适用于 {1}：请使用 {2}。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="169"/>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="177"/>
        <source>Enter the limit of quantification.</source>
        <translation>请输入定量下限。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="178"/>
        <source>Enter the value.</source>
        <translation>请输入数值。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="195"/>
        <source>Stored in {0}: {1:g} {2} = {3:g} {0}.</source>
        <translation>以 {0} 存储：{1:g} {2} = {3:g} {0}。</translation>
    </message>
    <message>
        <location filename="../entry_dialogs.py" line="201"/>
        <source>Recorded as below the limit of quantification ({0:g} {1}), never as zero.</source>
        <translation>记录为低于定量下限（{0:g} {1}），绝不记录为零。</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <location filename="../results_view.py" line="61"/>
        <source>Analyte</source>
        <translation>检测项目</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="62"/>
        <source>Which laboratory value to chart</source>
        <translation>要绘图的实验室指标</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="61"/>
        <source>&amp;Analyte:</source>
        <translation>检测项目(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="66"/>
        <source>Results chart</source>
        <translation>结果图</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="68"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="119"/>
        <source>No results recorded</source>
        <translation>没有结果记录</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="126"/>
        <source>{0} results are categories (negative, positive …): see the table.</source>
        <translation>{0} 结果为分类值（阴性、阳性 …）：请查看表格。</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="131"/>
        <source>measured</source>
        <translation>测量值</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="135"/>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="140"/>
        <source>below LLOQ (plotted at the limit)</source>
        <translation>低于定量下限（按下限绘制）</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="198"/>
        <source>{0} value(s) of zero cannot be shown on the log scale.</source>
        <translation>{0} 个零值无法在对数坐标上显示。</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="201"/>
        <source>{0}: {1} values from {2} to {3}</source>
        <translation>{0}：{1} 个数值，从 {2} 到 {3}</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="214"/>
        <source>B-cell aplasia below {0:g} cells/µL</source>
        <translation>B 细胞缺乏：低于 {0:g} cells/µL</translation>
    </message>
    <message>
        <location filename="../results_view.py" line="217"/>
        <source>IgG replacement below {0:g} g/L</source>
        <translation>IgG 替代治疗：低于 {0:g} g/L</translation>
    </message>
</context>
<context>
    <name>Safety</name>
    <message>
        <location filename="../cases.py" line="54"/>
        <source>The date {0} is in the future (today is {1}).</source>
        <translation>日期 {0} 在未来（今天是 {1}）。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="57"/>
        <source>The date {0} is before the site knew ({1}).</source>
        <translation>日期 {0} 早于中心获知日期（{1}）。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="548"/>
        <source>Report to the {0} recorded as sent on {1}: {2}.</source>
        <translation>向{0}的报告已登记为于 {1} 发送：{2}。</translation>
    </message>
</context>
<context>
    <name>SafetyPage</name>
    <message>
        <location filename="../safety_page.py" line="55"/>
        <location filename="../safety_page.py" line="85"/>
        <source>Open safety cases</source>
        <translation>未关闭的安全性个案</translation>
    </message>
    <message>
        <location filename="../safety_page.py" line="57"/>
        <source>Double-click or press Enter to open the case</source>
        <translation>双击或按回车键打开个案</translation>
    </message>
    <message>
        <location filename="../safety_page.py" line="59"/>
        <source>No safety case is open.</source>
        <translation>没有未关闭的安全性个案。</translation>
    </message>
    <message>
        <location filename="../safety_page.py" line="62"/>
        <source>Every report</source>
        <translation>全部报告</translation>
    </message>
    <message>
        <location filename="../safety_page.py" line="63"/>
        <source>Open reports (not sent yet)</source>
        <translation>未发送的报告</translation>
    </message>
    <message>
        <location filename="../safety_page.py" line="64"/>
        <source>Late reports (overdue or sent late)</source>
        <translation>逾期的报告（逾期未发或逾期发送）</translation>
    </message>
    <message>
        <location filename="../safety_page.py" line="65"/>
        <source>Which reports</source>
        <translation>显示哪些报告</translation>
    </message>
    <message>
        <location filename="../safety_page.py" line="66"/>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../safety_page.py" line="69"/>
        <location filename="../safety_page.py" line="90"/>
        <source>Safety-reports log</source>
        <translation>安全性报告记录</translation>
    </message>
    <message>
        <location filename="../safety_page.py" line="71"/>
        <source>Double-click or press Enter to open the report&apos;s case</source>
        <translation>双击或按回车键打开该报告的个案</translation>
    </message>
    <message>
        <location filename="../safety_page.py" line="74"/>
        <source>Record report &amp;sent…</source>
        <translation>登记报告已发送(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../safety_page.py" line="74"/>
        <source>The selected report was sent: date, recipient and reference</source>
        <translation>所选报告已发送：日期、接收方和编号</translation>
    </message>
    <message>
        <location filename="../safety_page.py" line="78"/>
        <source>Report counts</source>
        <translation>报告计数</translation>
    </message>
    <message>
        <location filename="../safety_page.py" line="79"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../safety_page.py" line="132"/>
        <source>Safety on {0}</source>
        <translation>安全性（{0}）</translation>
    </message>
    <message>
        <location filename="../safety_page.py" line="160"/>
        <source>{0} reports · {1} not sent · {2} late</source>
        <translation>{0} 份报告 · {1} 份未发送 · {2} 份逾期</translation>
    </message>
</context>
<context>
    <name>SampleDialog</name>
    <message>
        <location filename="../sample_dialogs.py" line="67"/>
        <source>Record a sample: {0}</source>
        <translation>记录样本：{0}</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="67"/>
        <source>&amp;Record sample</source>
        <translation>记录样本(&amp;R)</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="70"/>
        <source>Sample type</source>
        <translation>样本类型</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="70"/>
        <source>&amp;Type:</source>
        <translation>类型(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="72"/>
        <source>Draw date</source>
        <translation>采集日期</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="72"/>
        <source>&amp;Drawn on:</source>
        <translation>采集日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="76"/>
        <source>Aliquots</source>
        <translation>分装数</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="77"/>
        <source>&amp;Aliquots:</source>
        <translation>分装数(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="88"/>
        <source>The sample id is made from the study id, the type and the draw date; print its label next.</source>
        <translation>样本编号由研究编号、类型和采集日期生成；接着请打印其标签。</translation>
    </message>
</context>
<context>
    <name>SampleStateDialog</name>
    <message>
        <location filename="../sample_dialogs.py" line="102"/>
        <source>Change sample {0}</source>
        <translation>更改样本 {0}</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="102"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="104"/>
        <source>Change</source>
        <translation>更改</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="106"/>
        <source>Move to another place (or put back in storage)</source>
        <translation>移至其他位置（或放回存储）</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="107"/>
        <source>Ship</source>
        <translation>寄送</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="108"/>
        <source>Add a test (the sample is used up)</source>
        <translation>添加检测（样本已用完）</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="109"/>
        <source>Destroy</source>
        <translation>销毁</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="115"/>
        <source>&amp;Change:</source>
        <translation>更改(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="116"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="116"/>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="123"/>
        <source>Shipped to</source>
        <translation>寄往</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="123"/>
        <source>Shipped &amp;to:</source>
        <translation>寄往(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="125"/>
        <source>Test</source>
        <translation>检测</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="125"/>
        <source>e.g. RCL culture, CAR transgene qPCR</source>
        <translation>例如 RCL 培养、CAR 转基因 qPCR</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="125"/>
        <source>T&amp;est:</source>
        <translation>检测(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="127"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="127"/>
        <source>Res&amp;ult:</source>
        <translation>结果(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="128"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="128"/>
        <source>Rea&amp;son:</source>
        <translation>原因(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="164"/>
        <source>The sample is kept until {0}: it may be destroyed from that date on.</source>
        <translation>样本保存至 {0}：自该日起方可销毁。</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="175"/>
        <source>Enter where the sample goes.</source>
        <translation>请填写样本寄往何处。</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="177"/>
        <source>Enter the test and its result.</source>
        <translation>请填写检测及其结果。</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="179"/>
        <source>Give a reason: it is kept in the audit trail.</source>
        <translation>请填写原因：它将保存在审计追踪中。</translation>
    </message>
</context>
<context>
    <name>ScreenBox</name>
    <message>
        <location filename="../screening.py" line="53"/>
        <source>Safety screen: since the last contact</source>
        <translation>安全性筛查：自上次联系以来</translation>
    </message>
    <message>
        <location filename="../screening.py" line="98"/>
        <source>Answer every question of the safety screen ({0} left; unknown is an answer).</source>
        <translation>请回答安全性筛查的每个问题（还剩 {0} 个；“不详”也是一种回答）。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../settings_page.py" line="48"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="210"/>
        <location filename="../reports_page.py" line="250"/>
        <location filename="../settings_page.py" line="49"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="50"/>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="56"/>
        <source>Reset &amp;window and table layouts</source>
        <translation>重置窗口和表格布局(&amp;W)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="57"/>
        <source>Forget column widths and window sizes; they apply at the next start</source>
        <translation>忘记列宽和窗口大小；下次启动时生效</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="215"/>
        <location filename="../reports_page.py" line="259"/>
        <location filename="../settings_page.py" line="60"/>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="65"/>
        <source>Your account</source>
        <translation>您的账户</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="66"/>
        <source>Signed-in account</source>
        <translation>已登录的账户</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="67"/>
        <source>C&amp;hange my password…</source>
        <translation>修改我的密码(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="68"/>
        <source>Create the first &amp;administrator…</source>
        <translation>创建第一个管理员(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="71"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="72"/>
        <source>Minutes without input before the window locks</source>
        <translation>无操作多少分钟后锁定窗口</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="77"/>
        <source>Loc&amp;k the window after:</source>
        <translation>锁定窗口的等待时间(&amp;K)：</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="80"/>
        <location filename="../settings_page.py" line="82"/>
        <source>User accounts</source>
        <translation>用户账户</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="84"/>
        <source>A&amp;dd user…</source>
        <translation>添加用户(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="86"/>
        <source>&amp;Grant access…</source>
        <translation>授予访问权限(&amp;G)…</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="86"/>
        <source>Let the selected user see one study or all, at one site or all</source>
        <translation>让所选用户查看某一研究或所有研究，某一中心或所有中心</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="88"/>
        <source>Re&amp;voke access…</source>
        <translation>撤销访问权限(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="96"/>
        <source>Studies</source>
        <translation>研究</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="97"/>
        <source>Studies in this database</source>
        <translation>本数据库中的研究</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="99"/>
        <source>Add a study&apos;s &amp;protocol file…</source>
        <translation>添加研究的方案文件(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="100"/>
        <source>Load a new study&apos;s protocol file (checked as the bundled one is); then enrol its subjects</source>
        <translation>载入新研究的方案文件（与内置方案同样检查），然后入组其受试者</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="106"/>
        <source>Settings are kept in {0}.</source>
        <translation>设置保存在 {0}。</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="134"/>
        <source>Saved. The window changes language when ltfu starts again.</source>
        <translation>已保存。ltfu 重新启动后将切换语言。</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="141"/>
        <source>Layouts will be reset when ltfu starts again.</source>
        <translation>ltfu 重新启动后将重置布局。</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="156"/>
        <source>Signed in as {0} ({1}), {2}.</source>
        <translation>已登录为 {0}（{1}），{2}。</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="163"/>
        <source>Set-up mode: this database has no accounts yet, so everything is recorded under this computer&apos;s login, {0}, with every right. Create the first administrator to make everyone sign in.</source>
        <translation>设置模式：此数据库尚无账户，因此一切操作都以本计算机的登录名 {0} 记录，并拥有全部权限。创建第一个管理员后，每个人都需要登录。</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="169"/>
        <source>Nobody is signed in.</source>
        <translation>无人登录。</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="231"/>
        <source>Your password was changed.</source>
        <translation>您的密码已修改。</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="249"/>
        <source>Studies (protocol ids): {0}.</source>
        <translation>研究（方案编号）：{0}。</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="251"/>
        <source>No study yet: enrolling the first subject starts the bundled one.</source>
        <translation>尚无研究：入组第一位受试者时使用内置方案。</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="264"/>
        <location filename="../settings_page.py" line="288"/>
        <location filename="../settings_page.py" line="294"/>
        <source>Protocol file</source>
        <translation>方案文件</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="264"/>
        <source>Protocol files (*.toml)</source>
        <translation>方案文件 (*.toml)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="284"/>
        <source>Study {0} (version {1}) added: {2}. Enrol its subjects with a protocol column of {0}.</source>
        <translation>已添加研究 {0}（版本 {1}）：{2}。入组其受试者时，protocol 列填写 {0}。</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="286"/>
        <source>Study {0} (version {1}) was already here, unchanged: {2}.</source>
        <translation>研究 {0}（版本 {1}）已存在，未作更改：{2}。</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <location filename="../reports_page.py" line="995"/>
        <source>Sign the annual status report {0}</source>
        <translation>签署 {0} 年度状态报告</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="997"/>
        <source>&amp;Sign</source>
        <translation>签署(&amp;S)</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="993"/>
        <source>Sign the {0}</source>
        <translation>签署{0}</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1006"/>
        <source>the annual status report {0} (data cut {1})</source>
        <translation>{0} 年度状态报告（数据截止日期 {1}）</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1010"/>
        <source>You sign {0} as {1}. Your user name and password together make the signature; the report is printed with your name, the date and time and the meaning, and the signed PDF can be verified later (ltfu verify FILE).</source>
        <translation>您将以 {1} 的身份签署{0}。您的用户名和密码共同构成签名；报告上会打印您的姓名、日期时间和签名含义，已签署的 PDF 日后可以验证（ltfu verify FILE）。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1017"/>
        <source>Meaning of the signature</source>
        <translation>签名含义</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1020"/>
        <source>&amp;Meaning:</source>
        <translation>含义(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1021"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1022"/>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1028"/>
        <source>Enter your password to sign.</source>
        <translation>请输入密码以签署。</translation>
    </message>
    <message>
        <location filename="../reports_page.py" line="1031"/>
        <source>Signing the annual status report…</source>
        <translation>正在签署年度状态报告…</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../accounts.py" line="68"/>
        <source>ltfu is locked</source>
        <translation>ltfu 已锁定</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="68"/>
        <source>Sign in to ltfu</source>
        <translation>登录 ltfu</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="69"/>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="69"/>
        <source>&amp;Sign in</source>
        <translation>登录(&amp;S)</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="76"/>
        <source>The window was locked after {0} minutes without input. {1} ({2}): enter your password to go on, or sign out so someone else can sign in.</source>
        <translation>窗口在 {0} 分钟无操作后已锁定。{1}（{2}）：请输入密码继续，或退出登录以便他人登录。</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="80"/>
        <source>Database: {0}. Every action is recorded under the name you sign in with.</source>
        <translation>数据库：{0}。每项操作都以您登录的用户名记录。</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="84"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="88"/>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="89"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="90"/>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="92"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="92"/>
        <source>&amp;Quit ltfu</source>
        <translation>退出 ltfu(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="109"/>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="111"/>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../cases.py" line="70"/>
        <source>Step done: {0}</source>
        <translation>步骤已完成：{0}</translation>
    </message>
    <message>
        <location filename="../cases.py" line="70"/>
        <source>Mark &amp;done</source>
        <translation>标记为已完成(&amp;D)</translation>
    </message>
    <message>
        <location filename="../cases.py" line="72"/>
        <source>Reopen step: {0}</source>
        <translation>重新打开步骤：{0}</translation>
    </message>
    <message>
        <location filename="../cases.py" line="72"/>
        <source>&amp;Reopen</source>
        <translation>重新打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../cases.py" line="74"/>
        <source>Step not applicable: {0}</source>
        <translation>步骤不适用：{0}</translation>
    </message>
    <message>
        <location filename="../cases.py" line="74"/>
        <source>Mark &amp;not applicable</source>
        <translation>标记为不适用(&amp;N)</translation>
    </message>
    <message>
        <location filename="../cases.py" line="77"/>
        <source>Case {0} ({1}), {2}: {3}.</source>
        <translation>个案 {0}（{1}），{2}：{3}。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="81"/>
        <source>Date done</source>
        <translation>完成日期</translation>
    </message>
    <message>
        <location filename="../cases.py" line="84"/>
        <source>&amp;Done on:</source>
        <translation>完成日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../cases.py" line="87"/>
        <source>Outcome of the test</source>
        <translation>检测结果</translation>
    </message>
    <message>
        <location filename="../cases.py" line="88"/>
        <source>choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <location filename="../cases.py" line="91"/>
        <source>&amp;Outcome:</source>
        <translation>结果(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../cases.py" line="94"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../cases.py" line="95"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../cases.py" line="94"/>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../cases.py" line="97"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../cases.py" line="97"/>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../cases.py" line="108"/>
        <source>Give the reason for reopening it: it is kept in the history.</source>
        <translation>请填写重新打开的原因：原因将保留在历史记录中。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="110"/>
        <source>Give the reason it is not applicable: it is kept in the history.</source>
        <translation>请填写不适用的原因：它会保留在历史记录中。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="112"/>
        <source>Choose what the test found.</source>
        <translation>请选择检测结果。</translation>
    </message>
</context>
<context>
    <name>StepPlanDialog</name>
    <message>
        <location filename="../cases.py" line="135"/>
        <source>Owner and due date: {0}</source>
        <translation>负责人和截止日期：{0}</translation>
    </message>
    <message>
        <location filename="../cases.py" line="135"/>
        <source>&amp;Change</source>
        <translation>更改(&amp;C)</translation>
    </message>
    <message>
        <location filename="../cases.py" line="137"/>
        <source>Case {0} ({1}), {2}: {3}.</source>
        <translation>个案 {0}（{1}），{2}：{3}。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="142"/>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../cases.py" line="143"/>
        <source>A role, or the user name of the person who does it</source>
        <translation>一个角色，或执行人的用户名</translation>
    </message>
    <message>
        <location filename="../cases.py" line="151"/>
        <source>&amp;Owner:</source>
        <translation>负责人(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../cases.py" line="152"/>
        <source>&amp;Due on:</source>
        <translation>截止日期(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../cases.py" line="155"/>
        <source>Due date</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../cases.py" line="176"/>
        <source>The due date {0} is before the site knew ({1}).</source>
        <translation>截止日期 {0} 早于研究中心获知日期（{1}）。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="181"/>
        <source>Give the owner: a role or a user name.</source>
        <translation>请填写负责人：角色或用户名。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="183"/>
        <source>Change the owner or the due date.</source>
        <translation>请更改负责人或截止日期。</translation>
    </message>
    <message>
        <location filename="../cases.py" line="185"/>
        <source>A due date stays once given: choose another date.</source>
        <translation>截止日期一经设定不能删除：请选择另一个日期。</translation>
    </message>
</context>
<context>
    <name>StopMedicationDialog</name>
    <message>
        <location filename="../course_tab.py" line="200"/>
        <source>Stop {0}</source>
        <translation>停止{0}</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="200"/>
        <source>&amp;Stop replacement</source>
        <translation>停止替代治疗(&amp;S)</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="203"/>
        <source>Stop date</source>
        <translation>停止日期</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="203"/>
        <source>&amp;Last day:</source>
        <translation>最后一天(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../course_tab.py" line="209"/>
        <source>The stop date {0} is before the start on {1}.</source>
        <translation>停止日期{0}早于开始日期{1}。</translation>
    </message>
</context>
<context>
    <name>StudyChoice</name>
    <message>
        <location filename="../widgets.py" line="461"/>
        <source>Study</source>
        <translation>研究</translation>
    </message>
    <message>
        <location filename="../widgets.py" line="462"/>
        <source>The study (protocol) whose subjects are counted</source>
        <translation>统计哪个研究（方案）的受试者</translation>
    </message>
</context>
<context>
    <name>SubjectChart</name>
    <message>
        <location filename="../chart.py" line="127"/>
        <source>{0} — ltfu</source>
        <translation>{0} — ltfu</translation>
    </message>
    <message>
        <location filename="../chart.py" line="128"/>
        <source>Chart of {0}</source>
        <translation>{0} 的病历</translation>
    </message>
    <message>
        <location filename="../chart.py" line="133"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="143"/>
        <source>Next visit</source>
        <translation>下次访视</translation>
    </message>
    <message>
        <location filename="../chart.py" line="154"/>
        <source>Record &amp;visit…</source>
        <translation>记录访视(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="154"/>
        <source>A visit that took place</source>
        <translation>已进行的访视</translation>
    </message>
    <message>
        <location filename="../chart.py" line="157"/>
        <source>Close as &amp;missed…</source>
        <translation>关闭为缺失(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="158"/>
        <source>Close the selected due or overdue visit as not done</source>
        <translation>将所选的到期或逾期访视关闭为未完成</translation>
    </message>
    <message>
        <location filename="../chart.py" line="162"/>
        <source>&amp;Undo…</source>
        <translation>撤销(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="163"/>
        <source>Reopen the selected missed or done visit (with a reason)</source>
        <translation>重新开放所选的缺失或已完成访视（需填写原因）</translation>
    </message>
    <message>
        <location filename="../chart.py" line="167"/>
        <source>Record &amp;event…</source>
        <translation>记录事件(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="168"/>
        <source>Response, relapse, death, withdrawal, HSCT …</source>
        <translation>疗效、复发、死亡、退出、HSCT …</translation>
    </message>
    <message>
        <location filename="../chart.py" line="172"/>
        <source>L&amp;ab result…</source>
        <translation>检测结果(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="173"/>
        <source>A laboratory value: B cells, IgG, CAR-T PK, RCL, HAMA …</source>
        <translation>实验室检测值：B 细胞、IgG、CAR-T 药代动力学、RCL、HAMA …</translation>
    </message>
    <message>
        <location filename="../chart.py" line="177"/>
        <source>Adverse even&amp;t…</source>
        <translation>不良事件(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="178"/>
        <source>An adverse event, CRS or ICANS, with its grade</source>
        <translation>不良事件、CRS 或 ICANS 及其分级</translation>
    </message>
    <message>
        <location filename="../chart.py" line="182"/>
        <source>&amp;Contact attempt…</source>
        <translation>联系尝试(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="182"/>
        <source>A call, letter or message</source>
        <translation>电话、信件或消息</translation>
    </message>
    <message>
        <location filename="../chart.py" line="185"/>
        <source>&amp;Questionnaire…</source>
        <translation>问卷(&amp;Q)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="186"/>
        <source>Enter the answers of the selected visit&apos;s returned questionnaire</source>
        <translation>录入所选随访寄回问卷的答案</translation>
    </message>
    <message>
        <location filename="../chart.py" line="189"/>
        <location filename="../chart.py" line="494"/>
        <source>&amp;Lost to follow-up…</source>
        <translation>失访(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="200"/>
        <source>&amp;Print schedule and wallet card…</source>
        <translation>打印随访计划和随身卡(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="201"/>
        <source>The subject&apos;s visits to year 15 and the wallet card, in the preview to print or save</source>
        <translation>受试者至第 15 年的访视及随身卡，在预览中打印或保存</translation>
    </message>
    <message>
        <location filename="../chart.py" line="232"/>
        <source>Visits</source>
        <translation>访视</translation>
    </message>
    <message>
        <location filename="../chart.py" line="240"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../chart.py" line="243"/>
        <location filename="../chart.py" line="249"/>
        <source>Adverse events</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <location filename="../chart.py" line="248"/>
        <source>Clinical events</source>
        <translation>临床事件</translation>
    </message>
    <message>
        <location filename="../chart.py" line="251"/>
        <source>Contact attempts</source>
        <translation>联系尝试</translation>
    </message>
    <message>
        <location filename="../chart.py" line="337"/>
        <source>Safety screens</source>
        <translation>安全性筛查</translation>
    </message>
    <message>
        <location filename="../chart.py" line="254"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../chart.py" line="256"/>
        <source>Safety cases</source>
        <translation>安全性个案</translation>
    </message>
    <message>
        <location filename="../chart.py" line="257"/>
        <source>Double-click or press Enter to open the case</source>
        <translation>双击或按回车键打开个案</translation>
    </message>
    <message>
        <location filename="../chart.py" line="266"/>
        <source>Safety scr&amp;eens</source>
        <translation>安全性筛查(&amp;E)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="260"/>
        <source>Vi&amp;sits</source>
        <translation>访视(&amp;S)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="191"/>
        <source>Mark verified</source>
        <translation>标记为已核查</translation>
    </message>
    <message>
        <location filename="../chart.py" line="193"/>
        <source>The selected done visits, clinical events or adverse events were checked against the source (the hospital chart); select several</source>
        <translation>所选已完成随访、临床事件或不良事件已与源文件（医院病历）核对；可多选</translation>
    </message>
    <message>
        <location filename="../chart.py" line="206"/>
        <source>Move to another si&amp;te…</source>
        <translation>转至其他中心(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="207"/>
        <source>The subject is followed by another site from a day on</source>
        <translation>自某日起由另一中心随访该受试者</translation>
    </message>
    <message>
        <location filename="../chart.py" line="261"/>
        <source>&amp;Results</source>
        <translation>结果(&amp;R)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="262"/>
        <source>Eve&amp;nts</source>
        <translation>事件(&amp;N)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="263"/>
        <source>C&amp;ontacts</source>
        <translation>联系(&amp;O)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="264"/>
        <source>Sa&amp;mples</source>
        <translation>样本(&amp;M)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="265"/>
        <source>Sa&amp;fety cases</source>
        <translation>安全性个案(&amp;F)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="268"/>
        <source>Course an&amp;d consent</source>
        <translation>治疗经过与知情同意(&amp;D)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="270"/>
        <source>&amp;History</source>
        <translation>历史(&amp;H)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="271"/>
        <location filename="../chart.py" line="479"/>
        <source>&amp;Queries</source>
        <translation>质疑(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="276"/>
        <source>Last action</source>
        <translation>最近的操作</translation>
    </message>
    <message>
        <location filename="../chart.py" line="300"/>
        <source>Samples</source>
        <translation>样本</translation>
    </message>
    <message>
        <location filename="../chart.py" line="304"/>
        <source>Record sa&amp;mple…</source>
        <translation>记录样本(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="304"/>
        <source>A sample drawn to archive</source>
        <translation>采集并存档的样本</translation>
    </message>
    <message>
        <location filename="../chart.py" line="307"/>
        <source>Change sample…</source>
        <translation>更改样本…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="308"/>
        <source>Move, ship, test or destroy the selected sample</source>
        <translation>移动、寄送、检测或销毁所选样本</translation>
    </message>
    <message>
        <location filename="../chart.py" line="312"/>
        <source>Print labels…</source>
        <translation>打印标签…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="313"/>
        <source>Labels with barcodes: the selected sample, or every stored one when none is selected</source>
        <translation>带条形码的标签：所选样本；未选择时为全部在存样本</translation>
    </message>
    <message>
        <location filename="../chart.py" line="317"/>
        <source>Void sample…</source>
        <translation>作废样本…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="318"/>
        <source>The selected sample was recorded in error: void it, with a reason</source>
        <translation>所选样本系误录：作废该样本，并填写原因</translation>
    </message>
    <message>
        <location filename="../chart.py" line="322"/>
        <source>Void test…</source>
        <translation>作废检测…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="323"/>
        <source>The selected sample&apos;s latest test was recorded in error: void it</source>
        <translation>所选样本的最近一次检测系误录：作废该检测</translation>
    </message>
    <message>
        <location filename="../chart.py" line="341"/>
        <source>Correct answers…</source>
        <translation>更正回答…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="342"/>
        <source>Correct the selected screen&apos;s answers, with a reason</source>
        <translation>更正所选筛查的回答，并填写原因</translation>
    </message>
    <message>
        <location filename="../chart.py" line="346"/>
        <source>Void screen…</source>
        <translation>作废筛查…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="347"/>
        <source>The selected screen was entered against the wrong visit: void it</source>
        <translation>所选筛查录入到了错误的访视：作废该筛查</translation>
    </message>
    <message>
        <location filename="../chart.py" line="356"/>
        <source>Query dose &amp;level…</source>
        <translation>质疑剂量组(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="357"/>
        <source>Ask the site about the subject&apos;s dose level</source>
        <translation>向研究中心询问该受试者的剂量组</translation>
    </message>
    <message>
        <location filename="../chart.py" line="375"/>
        <source>Raise &amp;query…</source>
        <translation>发起质疑(&amp;Q)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="386"/>
        <location filename="../chart.py" line="625"/>
        <source>unscheduled</source>
        <translation>计划外</translation>
    </message>
    <message>
        <location filename="../chart.py" line="404"/>
        <source>Query raised.</source>
        <translation>质疑已发起。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="429"/>
        <source>The chart could not be read.</source>
        <translation>无法读取病历。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="447"/>
        <source>Transferred out of your site on {0}: this chart is read-only.</source>
        <translation>已于 {0} 从您的中心转出：此病历为只读。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="465"/>
        <source>Source verification: {0} of {1} done visits verified</source>
        <translation>源数据核查：{1} 次已完成随访中已核查 {0} 次</translation>
    </message>
    <message>
        <location filename="../chart.py" line="479"/>
        <source>&amp;Queries ({0} open)</source>
        <translation>质疑(&amp;Q)（{0} 个未解决）</translation>
    </message>
    <message>
        <location filename="../chart.py" line="494"/>
        <source>Reverse &amp;lost to follow-up…</source>
        <translation>撤销失访(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="496"/>
        <source>The subject is back: the schedule resumes (with a reason)</source>
        <translation>受试者已恢复联系：访视计划继续（需填写原因）</translation>
    </message>
    <message>
        <location filename="../chart.py" line="497"/>
        <source>Lost to follow-up. Reverse it when the subject is reached again.</source>
        <translation>已失访。再次联系上受试者时可撤销。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="501"/>
        <source>Lost to follow-up may be declared:</source>
        <translation>可以宣布失访：</translation>
    </message>
    <message>
        <location filename="../chart.py" line="503"/>
        <source>Lost to follow-up cannot be declared yet:</source>
        <translation>尚不能宣布失访：</translation>
    </message>
    <message>
        <location filename="../chart.py" line="510"/>
        <source>Site {0}</source>
        <translation>中心 {0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="512"/>
        <source>Study {0}</source>
        <translation>研究 {0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="515"/>
        <source>infused {0}</source>
        <translation>回输于 {0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="516"/>
        <source>day {0} (year {1})</source>
        <translation>第 {0} 天（第 {1} 年）</translation>
    </message>
    <message>
        <location filename="../chart.py" line="518"/>
        <source>re-infused ({0} infusions)</source>
        <translation>再次回输（共 {0} 次）</translation>
    </message>
    <message>
        <location filename="../chart.py" line="520"/>
        <source>follow-up until {0}</source>
        <translation>随访至 {0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="522"/>
        <source>died {0}</source>
        <translation>死亡于 {0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="528"/>
        <source>phone {0}</source>
        <translation>电话 {0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="538"/>
        <source>Subject status: {0}</source>
        <translation>受试者状态：{0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="542"/>
        <source>⚠ RCL positive: blocking</source>
        <translation>⚠ RCL 阳性：阻断</translation>
    </message>
    <message>
        <location filename="../chart.py" line="545"/>
        <source>Blocking safety alert: an RCL test was positive. Confirmatory culture assay and expedited safety report; later yearly samples are tested, not archived.</source>
        <translation>阻断性安全警报：RCL 检测阳性。需进行确证性培养检测并提交加急安全报告；之后每年的样本均需检测，不再仅存档。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="553"/>
        <source>⚠ {0} overdue</source>
        <translation>⚠ {0} 项逾期</translation>
    </message>
    <message>
        <location filename="../chart.py" line="555"/>
        <source>Overdue visits: {0}</source>
        <translation>逾期访视：{0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="563"/>
        <source>Next visit {0}: {1}, window {2}</source>
        <translation>下次访视 {0}：{1}，窗口 {2}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="568"/>
        <source>No open visit</source>
        <translation>无开放访视</translation>
    </message>
    <message>
        <location filename="../chart.py" line="577"/>
        <source>⚠ Safety case open: {0}</source>
        <translation>⚠ 安全性个案未关闭：{0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="579"/>
        <source>Open safety cases: {0}. See the Safety cases tab.</source>
        <translation>未关闭的安全性个案：{0}。请查看“安全性个案”标签页。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="580"/>
        <source>case {0} ({1} step(s) open)</source>
        <translation>个案 {0}（{1} 个步骤未完成）</translation>
    </message>
    <message>
        <location filename="../chart.py" line="587"/>
        <source>No visit is open.</source>
        <translation>没有开放的访视。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="591"/>
        <source>&lt;b&gt;{0}&lt;/b&gt; is {1}: window {2}, {3}. &lt;b&gt;To do:&lt;/b&gt; {4}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;：{1}，窗口 {2}，{3}。&lt;b&gt;待办：&lt;/b&gt;{4}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="663"/>
        <source>Verified against the source: {0}.</source>
        <translation>已与源文件核对：{0}。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="749"/>
        <source>Moved to site {0} on {1}.</source>
        <translation>已于 {1} 转至中心 {0}。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="777"/>
        <source>Safety screen saved.</source>
        <translation>安全性筛查已保存。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="779"/>
        <source>The form gives a new address or doctor: update the contact details.</source>
        <translation>问卷上有新地址或新医生：请更新联系信息。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="800"/>
        <source>Unscheduled visit on {0} recorded.</source>
        <translation>已记录 {0} 的计划外访视。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="801"/>
        <source>{0} recorded as done on {1}.</source>
        <translation>{0} 已记录为于 {1} 完成。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="803"/>
        <source>(out of window)</source>
        <translation>（窗口外）</translation>
    </message>
    <message>
        <location filename="../chart.py" line="812"/>
        <source>Close {0} as missed</source>
        <translation>将 {0} 关闭为缺失</translation>
    </message>
    <message>
        <location filename="../chart.py" line="813"/>
        <source>Close as &amp;missed</source>
        <translation>关闭为缺失(&amp;M)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="815"/>
        <source>{0} (window {1}) will be closed as not done. This can be undone later, with a reason.</source>
        <translation>{0}（窗口 {1}）将关闭为未完成。以后可以撤销，需填写原因。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="817"/>
        <source>{0} closed as missed.</source>
        <translation>{0} 已关闭为缺失。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="827"/>
        <source>Undo {0}</source>
        <translation>撤销 {0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="828"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="829"/>
        <source>{0} is {1}; it will be open again. The earlier status stays in the history.</source>
        <translation>{0} 当前为{1}；将重新开放。之前的状态保留在历史记录中。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="832"/>
        <source>{0} reopened.</source>
        <translation>{0} 已重新开放。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="867"/>
        <source>Event recorded.</source>
        <translation>事件已记录。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="876"/>
        <source>Result recorded.</source>
        <translation>检测结果已记录。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="890"/>
        <source>Adverse event recorded.</source>
        <translation>不良事件已记录。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="900"/>
        <source>Contact attempt recorded.</source>
        <translation>联系尝试已记录。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="905"/>
        <source>Lost to follow-up?</source>
        <translation>宣布失访？</translation>
    </message>
    <message>
        <location filename="../chart.py" line="907"/>
        <source>The failed contact attempts now allow declaring {0} lost to follow-up ({1}). Declare it now?</source>
        <translation>失败的联系尝试现已满足宣布 {0} 失访的条件（{1}）。现在宣布吗？</translation>
    </message>
    <message>
        <location filename="../chart.py" line="920"/>
        <source>Not yet</source>
        <translation>尚不能</translation>
    </message>
    <message>
        <location filename="../chart.py" line="922"/>
        <source>{0} cannot be declared lost to follow-up yet: {1}. It needs 3 failed contact attempts, by 2 channels, over at least 3 months.</source>
        <translation>{0} 尚不能宣布失访：{1}。需要 3 次失败的联系尝试，使用 2 种方式，跨度至少 3 个月。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="934"/>
        <source>Declare {0} lost to follow-up</source>
        <translation>宣布 {0} 失访</translation>
    </message>
    <message>
        <location filename="../chart.py" line="935"/>
        <source>&amp;Declare</source>
        <translation>宣布(&amp;D)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="937"/>
        <source>Later visits will be cancelled (lost to follow-up). It can be reversed when the subject is reached again.</source>
        <translation>之后的访视将取消（失访）。再次联系上受试者时可以撤销。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="940"/>
        <source>Declared lost to follow-up.</source>
        <translation>已宣布失访。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="948"/>
        <source>Reverse lost to follow-up: {0}</source>
        <translation>撤销失访：{0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="949"/>
        <source>&amp;Reverse</source>
        <translation>撤销(&amp;R)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="950"/>
        <source>The subject was reached again: later visits are planned again. Both changes stay in the history.</source>
        <translation>已再次联系上受试者：之后的访视重新计划。两次变更都保留在历史记录中。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="951"/>
        <source>Lost to follow-up reversed; the schedule resumes.</source>
        <translation>失访已撤销；访视计划继续。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="974"/>
        <source>Making the schedule and wallet card…</source>
        <translation>正在生成随访计划和随身卡…</translation>
    </message>
    <message>
        <location filename="../chart.py" line="980"/>
        <source>Schedule and wallet card of {0}</source>
        <translation>{0} 的随访计划和随身卡</translation>
    </message>
    <message>
        <location filename="../chart.py" line="982"/>
        <source>Schedule and wallet card shown in the preview.</source>
        <translation>随访计划和随身卡已在预览中显示。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="987"/>
        <source>The schedule was not made.</source>
        <translation>未生成随访计划。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1002"/>
        <source>Sample {0} recorded.</source>
        <translation>样本 {0} 已记录。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1014"/>
        <source>Sample {0}: {1}.</source>
        <translation>样本 {0}：{1}。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1038"/>
        <source>Sample labels of {0}</source>
        <translation>{0} 的样本标签</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1040"/>
        <source>{0} label(s) shown in the preview.</source>
        <translation>已在预览中显示 {0} 个标签。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1056"/>
        <source>Void sample {0}</source>
        <translation>作废样本 {0}</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1057"/>
        <source>&amp;Void sample</source>
        <translation>作废样本(&amp;V)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1059"/>
        <source>Sample {0} ({1}) was recorded in error: it is voided with its tests and its place is free.</source>
        <translation>样本 {0}（{1}）系误录：该样本及其检测将被作废，其存放位置将被释放。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1062"/>
        <source>Sample {0} voided.</source>
        <translation>样本 {0} 已作废。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1075"/>
        <source>Void a test of {0}</source>
        <translation>作废 {0} 的一项检测</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1076"/>
        <source>&amp;Void test</source>
        <translation>作废检测(&amp;V)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1077"/>
        <source>The test {0} of {1} ({2}) was recorded in error on sample {3}: it is voided.</source>
        <translation>{1} 的检测 {0}（{2}）误录于样本 {3}：该检测将被作废。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1081"/>
        <source>Test {0} of sample {1} voided.</source>
        <translation>样本 {1} 的检测 {0} 已作废。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1098"/>
        <source>Safety screen corrected.</source>
        <translation>安全性筛查已更正。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1110"/>
        <source>Void the safety screen of {0}</source>
        <translation>作废 {0} 的安全性筛查</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1111"/>
        <source>&amp;Void screen</source>
        <translation>作废筛查(&amp;V)</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1112"/>
        <source>The safety screen of {0} on {1} is voided: kept in the history, no longer counted.</source>
        <translation>{0} 于 {1} 的安全性筛查将被作废：保留在历史记录中，不再计数。</translation>
    </message>
    <message>
        <location filename="../chart.py" line="1116"/>
        <source>Safety screen of {0} voided.</source>
        <translation>{0} 的安全性筛查已作废。</translation>
    </message>
</context>
<context>
    <name>SubjectsPage</name>
    <message>
        <location filename="../subjects_page.py" line="38"/>
        <location filename="../subjects_page.py" line="71"/>
        <source>Subjects</source>
        <translation>受试者</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="40"/>
        <source>Study id or name</source>
        <translation>研究编号或姓名</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="42"/>
        <source>Search subjects</source>
        <translation>搜索受试者</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="43"/>
        <source>Type part of a study id (e.g. 017) or of a name (Ctrl+F)</source>
        <translation>输入研究编号的一部分（如 017）或姓名的一部分（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="44"/>
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="46"/>
        <source>All sites</source>
        <translation>所有中心</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="46"/>
        <source>Only this site</source>
        <translation>仅此中心</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="47"/>
        <source>S&amp;ite:</source>
        <translation>中心(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="49"/>
        <source>All dose levels</source>
        <translation>所有剂量组</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="49"/>
        <source>Only this dose level</source>
        <translation>仅此剂量组</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="50"/>
        <source>&amp;Dose level:</source>
        <translation>剂量组(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="52"/>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="52"/>
        <source>Only subjects with this status</source>
        <translation>仅此状态的受试者</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="57"/>
        <source>S&amp;tatus:</source>
        <translation>状态(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="59"/>
        <source>All studies</source>
        <translation>全部研究</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="59"/>
        <source>Only this study&apos;s subjects</source>
        <translation>仅此研究的受试者</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="60"/>
        <source>St&amp;udy:</source>
        <translation>研究(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="63"/>
        <source>&amp;Enrol a subject…</source>
        <translation>入组受试者(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="63"/>
        <source>Enrol one subject into a study; plans every visit from the infusion</source>
        <translation>将一位受试者入组到某个研究；从回输日起排定每次访视</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="67"/>
        <location filename="../subjects_page.py" line="163"/>
        <source>Loading subjects…</source>
        <translation>正在加载受试者…</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="68"/>
        <source>Number of subjects shown</source>
        <translation>显示的受试者数</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="73"/>
        <source>Double-click or press Enter to open the subject&apos;s chart</source>
        <translation>双击或按 Enter 打开受试者病历</translation>
    </message>
    <message>
        <location filename="../subjects_page.py" line="199"/>
        <source>{0} of {1} subjects</source>
        <translation>{0} / {1} 名受试者</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <location filename="../worker.py" line="166"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../worker.py" line="167"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../worker.py" line="185"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../timeline.py" line="67"/>
        <source>Visit timeline</source>
        <translation>访视时间轴</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="88"/>
        <source>{0} visits. {1}</source>
        <translation>{0} 次访视。{1}</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="130"/>
        <source>No infusion recorded: no plan</source>
        <translation>无回输记录：没有访视计划</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="168"/>
        <source>Today {0}</source>
        <translation>今天 {0}</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="221"/>
        <source>Unscheduled visit on {0} ({1})</source>
        <translation>{0} 的计划外访视（{1}）</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="227"/>
        <source>{0}: {1}
Window {2} (nominal {3})</source>
        <translation>{0}：{1}
窗口 {2}（计划 {3}）</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="231"/>
        <source>Done on {0}</source>
        <translation>完成于 {0}</translation>
    </message>
    <message>
        <location filename="../timeline.py" line="233"/>
        <source>(out of window)</source>
        <translation>（窗口外）</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../dialogs.py" line="450"/>
        <source>Move {0} to another site</source>
        <translation>将 {0} 转至其他中心</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="451"/>
        <source>&amp;Move</source>
        <translation>转移(&amp;M)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="452"/>
        <source>From the day of the move, letters, calendars and the iCalendar carry the new site&apos;s address. Site {0} keeps the history and sees the subject as transferred out, read-only.</source>
        <translation>自转移当天起，信函、日历和 iCalendar 使用新中心的地址。中心 {0} 保留历史记录，并将该受试者视为已转出（只读）。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="462"/>
        <source>New site</source>
        <translation>新中心</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="466"/>
        <source>&amp;To site:</source>
        <translation>转至中心(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="472"/>
        <source>There is no other site to move to.</source>
        <translation>没有可转入的其他中心。</translation>
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <location filename="../labels.py" line="48"/>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../labels.py" line="49"/>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../labels.py" line="50"/>
        <source>sex unknown</source>
        <translation>性别不详</translation>
    </message>
    <message>
        <location filename="../labels.py" line="56"/>
        <source>created</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../labels.py" line="57"/>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../labels.py" line="58"/>
        <source>voided</source>
        <translation>作废</translation>
    </message>
    <message>
        <location filename="../labels.py" line="59"/>
        <source>signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../labels.py" line="60"/>
        <source>sign-in refused</source>
        <translation>登录被拒</translation>
    </message>
    <message>
        <location filename="../labels.py" line="61"/>
        <source>signed</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../labels.py" line="62"/>
        <source>imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../labels.py" line="63"/>
        <source>exported</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../labels.py" line="64"/>
        <source>backed up</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../labels.py" line="65"/>
        <source>restored</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../labels.py" line="285"/>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="286"/>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="287"/>
        <source>Upcoming</source>
        <translation>即将到来</translation>
    </message>
    <message>
        <location filename="../labels.py" line="288"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../labels.py" line="289"/>
        <source>Missed</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../labels.py" line="290"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../labels.py" line="291"/>
        <source>Unscheduled</source>
        <translation>计划外</translation>
    </message>
    <message>
        <location filename="../labels.py" line="296"/>
        <location filename="../labels.py" line="351"/>
        <source>death</source>
        <translation>死亡</translation>
    </message>
    <message>
        <location filename="../labels.py" line="297"/>
        <location filename="../labels.py" line="355"/>
        <source>withdrawal</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../labels.py" line="298"/>
        <location filename="../labels.py" line="356"/>
        <source>lost to follow-up</source>
        <translation>失访</translation>
    </message>
    <message>
        <location filename="../labels.py" line="299"/>
        <source>stop rule</source>
        <translation>停止规则</translation>
    </message>
    <message>
        <location filename="../labels.py" line="300"/>
        <source>re-infusion</source>
        <translation>再次输注</translation>
    </message>
    <message>
        <location filename="../labels.py" line="301"/>
        <source>re-planned</source>
        <translation>已重新计划</translation>
    </message>
    <message>
        <location filename="../labels.py" line="307"/>
        <source>Active</source>
        <translation>在随访</translation>
    </message>
    <message>
        <location filename="../labels.py" line="308"/>
        <source>Completed</source>
        <translation>已完成随访</translation>
    </message>
    <message>
        <location filename="../labels.py" line="309"/>
        <source>Withdrawn</source>
        <translation>已退出</translation>
    </message>
    <message>
        <location filename="../labels.py" line="310"/>
        <source>Lost to follow-up</source>
        <translation>失访</translation>
    </message>
    <message>
        <location filename="../labels.py" line="311"/>
        <source>Deceased</source>
        <translation>已死亡</translation>
    </message>
    <message>
        <location filename="../labels.py" line="317"/>
        <source>clinic</source>
        <translation>门诊</translation>
    </message>
    <message>
        <location filename="../labels.py" line="318"/>
        <location filename="../labels.py" line="326"/>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../labels.py" line="319"/>
        <source>questionnaire</source>
        <translation>问卷</translation>
    </message>
    <message>
        <location filename="../labels.py" line="320"/>
        <source>records</source>
        <translation>病历资料</translation>
    </message>
    <message>
        <location filename="../labels.py" line="327"/>
        <source>letter</source>
        <translation>信件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="328"/>
        <source>e-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="329"/>
        <source>text message</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../labels.py" line="330"/>
        <location filename="../labels.py" line="553"/>
        <source>visit</source>
        <translation>面访</translation>
    </message>
    <message>
        <location filename="../labels.py" line="331"/>
        <location filename="../labels.py" line="628"/>
        <source>local physician</source>
        <translation>当地医生</translation>
    </message>
    <message>
        <location filename="../labels.py" line="337"/>
        <source>reached</source>
        <translation>已联系上</translation>
    </message>
    <message>
        <location filename="../labels.py" line="338"/>
        <source>no answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <location filename="../labels.py" line="339"/>
        <source>message left</source>
        <translation>已留言</translation>
    </message>
    <message>
        <location filename="../labels.py" line="340"/>
        <source>wrong number</source>
        <translation>号码错误</translation>
    </message>
    <message>
        <location filename="../labels.py" line="341"/>
        <source>returned mail</source>
        <translation>信件退回</translation>
    </message>
    <message>
        <location filename="../labels.py" line="342"/>
        <source>refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../labels.py" line="348"/>
        <source>response</source>
        <translation>疗效</translation>
    </message>
    <message>
        <location filename="../labels.py" line="349"/>
        <source>relapse</source>
        <translation>复发</translation>
    </message>
    <message>
        <location filename="../labels.py" line="350"/>
        <source>progression</source>
        <translation>进展</translation>
    </message>
    <message>
        <location filename="../labels.py" line="352"/>
        <source>alive (contact)</source>
        <translation>存活（联系确认）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="353"/>
        <source>HSCT</source>
        <translation>造血干细胞移植</translation>
    </message>
    <message>
        <location filename="../labels.py" line="354"/>
        <source>new anticancer therapy</source>
        <translation>新的抗肿瘤治疗</translation>
    </message>
    <message>
        <location filename="../labels.py" line="357"/>
        <source>lost to follow-up reversed</source>
        <translation>撤销失访</translation>
    </message>
    <message>
        <location filename="../labels.py" line="363"/>
        <source>treatment only</source>
        <translation>仅治疗</translation>
    </message>
    <message>
        <location filename="../labels.py" line="364"/>
        <source>visits (survival contact continues)</source>
        <translation>访视（继续生存随访）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="365"/>
        <source>everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../labels.py" line="371"/>
        <location filename="../labels.py" line="397"/>
        <location filename="../labels.py" line="491"/>
        <source>positive</source>
        <translation>阳性</translation>
    </message>
    <message>
        <location filename="../labels.py" line="372"/>
        <source>dim</source>
        <translation>弱表达</translation>
    </message>
    <message>
        <location filename="../labels.py" line="373"/>
        <location filename="../labels.py" line="396"/>
        <location filename="../labels.py" line="492"/>
        <source>negative</source>
        <translation>阴性</translation>
    </message>
    <message>
        <location filename="../labels.py" line="379"/>
        <source>CAR-T copies (qPCR)</source>
        <translation>CAR-T 拷贝数（qPCR）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="380"/>
        <source>CAR+ cells (flow)</source>
        <translation>CAR+ 细胞（流式）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="381"/>
        <source>CD19+ B cells</source>
        <translation>CD19+ B 细胞</translation>
    </message>
    <message>
        <location filename="../labels.py" line="382"/>
        <source>CD22+ B cells</source>
        <translation>CD22+ B 细胞</translation>
    </message>
    <message>
        <location filename="../labels.py" line="383"/>
        <location filename="../labels.py" line="521"/>
        <source>IgG</source>
        <translation>IgG</translation>
    </message>
    <message>
        <location filename="../labels.py" line="384"/>
        <source>IL-6</source>
        <translation>IL-6</translation>
    </message>
    <message>
        <location filename="../labels.py" line="385"/>
        <source>IL-15</source>
        <translation>IL-15</translation>
    </message>
    <message>
        <location filename="../labels.py" line="386"/>
        <source>CRP</source>
        <translation>CRP</translation>
    </message>
    <message>
        <location filename="../labels.py" line="387"/>
        <source>Ferritin</source>
        <translation>铁蛋白</translation>
    </message>
    <message>
        <location filename="../labels.py" line="388"/>
        <source>MRD (flow)</source>
        <translation>MRD（流式）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="389"/>
        <source>RCL</source>
        <translation>RCL</translation>
    </message>
    <message>
        <location filename="../labels.py" line="390"/>
        <location filename="../labels.py" line="526"/>
        <source>HAMA</source>
        <translation>HAMA</translation>
    </message>
    <message>
        <location filename="../labels.py" line="398"/>
        <source>indeterminate</source>
        <translation>不确定</translation>
    </message>
    <message>
        <location filename="../labels.py" line="399"/>
        <source>archived</source>
        <translation>已存档</translation>
    </message>
    <message>
        <location filename="../labels.py" line="408"/>
        <source>Low IgG under replacement</source>
        <translation>替代治疗中IgG偏低</translation>
    </message>
    <message>
        <location filename="../labels.py" line="409"/>
        <source>Re-consent due</source>
        <translation>需重新知情同意</translation>
    </message>
    <message>
        <location filename="../labels.py" line="410"/>
        <location filename="../labels.py" line="454"/>
        <source>RCL positive</source>
        <translation>RCL 阳性</translation>
    </message>
    <message>
        <location filename="../labels.py" line="411"/>
        <source>Low IgG</source>
        <translation>IgG 偏低</translation>
    </message>
    <message>
        <location filename="../labels.py" line="412"/>
        <source>B-cell recovery</source>
        <translation>B 细胞恢复</translation>
    </message>
    <message>
        <location filename="../labels.py" line="413"/>
        <source>Malignancy case</source>
        <translation>恶性肿瘤个案</translation>
    </message>
    <message>
        <location filename="../labels.py" line="414"/>
        <source>Safety report due</source>
        <translation>安全性报告到期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="415"/>
        <source>IND annual report due</source>
        <translation>IND 年度报告待提交</translation>
    </message>
    <message>
        <location filename="../labels.py" line="421"/>
        <source>allogeneic</source>
        <translation>异基因</translation>
    </message>
    <message>
        <location filename="../labels.py" line="422"/>
        <source>autologous</source>
        <translation>自体</translation>
    </message>
    <message>
        <location filename="../labels.py" line="428"/>
        <source>chemotherapy</source>
        <translation>化疗</translation>
    </message>
    <message>
        <location filename="../labels.py" line="429"/>
        <source>antibody (blinatumomab, inotuzumab …)</source>
        <translation>抗体（贝林妥欧单抗、奥英妥珠单抗 …）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="430"/>
        <source>targeted therapy</source>
        <translation>靶向治疗</translation>
    </message>
    <message>
        <location filename="../labels.py" line="431"/>
        <source>another CAR-T product</source>
        <translation>其他CAR-T产品</translation>
    </message>
    <message>
        <location filename="../labels.py" line="432"/>
        <source>radiotherapy</source>
        <translation>放疗</translation>
    </message>
    <message>
        <location filename="../labels.py" line="433"/>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../labels.py" line="439"/>
        <source>IVIG (intravenous)</source>
        <translation>IVIG（静脉）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="440"/>
        <source>SCIG (subcutaneous)</source>
        <translation>SCIG（皮下）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="446"/>
        <source>the subject</source>
        <translation>受试者本人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="447"/>
        <source>a parent or legal guardian</source>
        <translation>父母或法定监护人</translation>
    </message>
    <message>
        <location filename="../labels.py" line="453"/>
        <source>malignancy</source>
        <translation>恶性肿瘤</translation>
    </message>
    <message>
        <location filename="../labels.py" line="460"/>
        <location filename="../labels.py" line="483"/>
        <location filename="../labels.py" line="506"/>
        <location filename="../labels.py" line="545"/>
        <source>open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../labels.py" line="461"/>
        <location filename="../labels.py" line="547"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../labels.py" line="467"/>
        <source>notify the sponsor</source>
        <translation>通知申办方</translation>
    </message>
    <message>
        <location filename="../labels.py" line="468"/>
        <source>collect tumour tissue and blood</source>
        <translation>采集肿瘤组织和外周血</translation>
    </message>
    <message>
        <location filename="../labels.py" line="469"/>
        <source>test the tumour for the CAR transgene</source>
        <translation>检测肿瘤中的CAR转基因</translation>
    </message>
    <message>
        <location filename="../labels.py" line="470"/>
        <source>integration-site analysis and clonality</source>
        <translation>整合位点分析和克隆性</translation>
    </message>
    <message>
        <location filename="../labels.py" line="471"/>
        <source>RCL testing of archived samples</source>
        <translation>对存档样本进行RCL检测</translation>
    </message>
    <message>
        <location filename="../labels.py" line="472"/>
        <source>confirm by culture assay (archived and new sample)</source>
        <translation>用培养法确认（存档样本和新样本）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="475"/>
        <source>test all later yearly samples</source>
        <translation>检测以后每年的所有样本</translation>
    </message>
    <message>
        <location filename="../labels.py" line="476"/>
        <source>report to the ethics committee</source>
        <translation>向伦理委员会报告</translation>
    </message>
    <message>
        <location filename="../labels.py" line="477"/>
        <source>expedited report to the regulator</source>
        <translation>向监管机构快速报告</translation>
    </message>
    <message>
        <location filename="../labels.py" line="484"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../labels.py" line="485"/>
        <source>not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location filename="../labels.py" line="498"/>
        <source>sponsor</source>
        <translation>申办方</translation>
    </message>
    <message>
        <location filename="../labels.py" line="499"/>
        <source>regulator</source>
        <translation>监管机构</translation>
    </message>
    <message>
        <location filename="../labels.py" line="500"/>
        <source>ethics committee</source>
        <translation>伦理委员会</translation>
    </message>
    <message>
        <location filename="../labels.py" line="507"/>
        <source>due</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="508"/>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../labels.py" line="509"/>
        <source>sent on time</source>
        <translation>按时发送</translation>
    </message>
    <message>
        <location filename="../labels.py" line="510"/>
        <source>sent late</source>
        <translation>逾期发送</translation>
    </message>
    <message>
        <location filename="../labels.py" line="516"/>
        <source>examination</source>
        <translation>体格检查</translation>
    </message>
    <message>
        <location filename="../labels.py" line="517"/>
        <source>phone/questionnaire</source>
        <translation>电话/问卷</translation>
    </message>
    <message>
        <location filename="../labels.py" line="518"/>
        <source>survival</source>
        <translation>生存</translation>
    </message>
    <message>
        <location filename="../labels.py" line="519"/>
        <source>disease assessment (marrow, MRD)</source>
        <translation>疾病评估（骨髓、MRD）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="520"/>
        <source>CD19+/CD22+ B cells</source>
        <translation>CD19+/CD22+ B 细胞</translation>
    </message>
    <message>
        <location filename="../labels.py" line="522"/>
        <source>CAR-T PK (qPCR, flow)</source>
        <translation>CAR-T 药代动力学（qPCR、流式）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="523"/>
        <source>cytokines (IL-6, CRP, IL-15)</source>
        <translation>细胞因子（IL-6、CRP、IL-15）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="524"/>
        <source>RCL sample to test</source>
        <translation>RCL 样本（检测）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="525"/>
        <source>RCL sample to archive</source>
        <translation>RCL 样本（存档）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="527"/>
        <source>adverse events</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="528"/>
        <source>delayed AEs of special interest</source>
        <translation>特别关注的迟发不良事件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="529"/>
        <source>DLT review</source>
        <translation>DLT 评估</translation>
    </message>
    <message>
        <location filename="../labels.py" line="535"/>
        <source>nurse</source>
        <translation>护士</translation>
    </message>
    <message>
        <location filename="../labels.py" line="536"/>
        <source>coordinator</source>
        <translation>协调员</translation>
    </message>
    <message>
        <location filename="../labels.py" line="537"/>
        <source>principal investigator</source>
        <translation>主要研究者</translation>
    </message>
    <message>
        <location filename="../labels.py" line="538"/>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../labels.py" line="539"/>
        <source>monitor</source>
        <translation>监查员</translation>
    </message>
    <message>
        <location filename="../labels.py" line="546"/>
        <source>answered</source>
        <translation>已回复</translation>
    </message>
    <message>
        <location filename="../labels.py" line="554"/>
        <source>result</source>
        <translation>检测结果</translation>
    </message>
    <message>
        <location filename="../labels.py" line="555"/>
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="556"/>
        <source>adverse event</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <location filename="../labels.py" line="557"/>
        <source>dose level</source>
        <translation>剂量组</translation>
    </message>
    <message>
        <location filename="../labels.py" line="563"/>
        <source>Visit done outside its window.</source>
        <translation>访视在时间窗外完成。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="564"/>
        <source>Result outside its plausible range: please confirm or correct.</source>
        <translation>结果超出合理范围：请确认或更正。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="567"/>
        <source>Visit done without a safety screen.</source>
        <translation>访视已完成但没有安全性筛查。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="570"/>
        <source>Death recorded without a cause.</source>
        <translation>记录了死亡但没有死因。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="576"/>
        <source>approved</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../labels.py" line="577"/>
        <source>reviewed</source>
        <translation>审阅</translation>
    </message>
    <message>
        <location filename="../labels.py" line="578"/>
        <source>authored</source>
        <translation>撰写</translation>
    </message>
    <message>
        <location filename="../labels.py" line="584"/>
        <source>new malignancy</source>
        <translation>新发恶性肿瘤</translation>
    </message>
    <message>
        <location filename="../labels.py" line="585"/>
        <source>T-cell malignancy</source>
        <translation>T 细胞恶性肿瘤</translation>
    </message>
    <message>
        <location filename="../labels.py" line="586"/>
        <source>neurologic disorder</source>
        <translation>神经系统疾病</translation>
    </message>
    <message>
        <location filename="../labels.py" line="587"/>
        <source>autoimmune disorder</source>
        <translation>自身免疫性疾病</translation>
    </message>
    <message>
        <location filename="../labels.py" line="588"/>
        <source>hematologic disorder</source>
        <translation>血液系统疾病</translation>
    </message>
    <message>
        <location filename="../labels.py" line="589"/>
        <source>serious infection</source>
        <translation>严重感染</translation>
    </message>
    <message>
        <location filename="../labels.py" line="595"/>
        <source>New malignancy</source>
        <translation>新发恶性肿瘤</translation>
    </message>
    <message>
        <location filename="../labels.py" line="596"/>
        <source>New or worse neurologic disorder</source>
        <translation>新发或加重的神经系统疾病</translation>
    </message>
    <message>
        <location filename="../labels.py" line="597"/>
        <source>New or worse rheumatologic or other autoimmune disorder</source>
        <translation>新发或加重的风湿性或其他自身免疫性疾病</translation>
    </message>
    <message>
        <location filename="../labels.py" line="600"/>
        <source>New hematologic disorder</source>
        <translation>新发血液系统疾病</translation>
    </message>
    <message>
        <location filename="../labels.py" line="601"/>
        <source>Serious or unusual infection</source>
        <translation>严重或少见的感染</translation>
    </message>
    <message>
        <location filename="../labels.py" line="602"/>
        <source>Hospital stay since the last contact</source>
        <translation>自上次联系以来住院</translation>
    </message>
    <message>
        <location filename="../labels.py" line="603"/>
        <source>New medicines since the last contact</source>
        <translation>自上次联系以来新用药物</translation>
    </message>
    <message>
        <location filename="../labels.py" line="604"/>
        <source>New doctor since the last contact</source>
        <translation>自上次联系以来有新医生</translation>
    </message>
    <message>
        <location filename="../labels.py" line="605"/>
        <source>Address changed</source>
        <translation>地址已变更</translation>
    </message>
    <message>
        <location filename="../labels.py" line="611"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../labels.py" line="612"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../labels.py" line="613"/>
        <source>Unknown</source>
        <translation>不详</translation>
    </message>
    <message>
        <location filename="../labels.py" line="619"/>
        <source>at the visit</source>
        <translation>随访时</translation>
    </message>
    <message>
        <location filename="../labels.py" line="620"/>
        <source>by phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../labels.py" line="621"/>
        <source>by questionnaire</source>
        <translation>问卷</translation>
    </message>
    <message>
        <location filename="../labels.py" line="627"/>
        <source>subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <location filename="../labels.py" line="634"/>
        <source>CTCAE v5</source>
        <translation>CTCAE v5</translation>
    </message>
    <message>
        <location filename="../labels.py" line="635"/>
        <source>CRS (ASTCT)</source>
        <translation>CRS（ASTCT）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="636"/>
        <source>ICANS (ASTCT)</source>
        <translation>ICANS（ASTCT）</translation>
    </message>
    <message>
        <location filename="../labels.py" line="642"/>
        <source>RCL archive sample</source>
        <translation>RCL 存档样本</translation>
    </message>
    <message>
        <location filename="../labels.py" line="643"/>
        <source>tumour tissue</source>
        <translation>肿瘤组织</translation>
    </message>
    <message>
        <location filename="../labels.py" line="644"/>
        <source>blood for a case</source>
        <translation>病例所需血样</translation>
    </message>
    <message>
        <location filename="../labels.py" line="645"/>
        <source>other sample</source>
        <translation>其他样本</translation>
    </message>
    <message>
        <location filename="../labels.py" line="651"/>
        <source>stored</source>
        <translation>在存</translation>
    </message>
    <message>
        <location filename="../labels.py" line="652"/>
        <source>shipped</source>
        <translation>已寄出</translation>
    </message>
    <message>
        <location filename="../labels.py" line="653"/>
        <source>tested</source>
        <translation>已检测</translation>
    </message>
    <message>
        <location filename="../labels.py" line="654"/>
        <source>destroyed</source>
        <translation>已销毁</translation>
    </message>
    <message>
        <location filename="../labels.py" line="695"/>
        <source>1 day</source>
        <translation>1 天</translation>
    </message>
    <message>
        <location filename="../labels.py" line="696"/>
        <source>{0} days</source>
        <translation>{0} 天</translation>
    </message>
    <message>
        <location filename="../labels.py" line="704"/>
        <source>RCL positive on {0}: confirmatory culture assay and expedited safety report; later yearly samples are tested, not archived.</source>
        <translation>{0} RCL 检测阳性：请进行确认性培养检测并提交加速安全性报告；此后每年的样本须检测，不再仅留存。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="711"/>
        <source>IgG {0} g/L on {1} (&lt; {2}): consider immunoglobulin replacement.</source>
        <translation>{1} IgG {0} g/L（&lt; {2}）：请考虑免疫球蛋白替代治疗。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="713"/>
        <source>IgG {0} g/L on {1} (&lt; {2}) under immunoglobulin replacement: a trough level; review the replacement&apos;s dose and interval.</source>
        <translation>{1} IgG {0} g/L（&lt; {2}），正在接受免疫球蛋白替代治疗：为谷浓度；请评估替代治疗的剂量和间隔。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="721"/>
        <source>Re-consent due since {0}: consented by a parent or guardian (version {1}), now of age; record the subject&apos;s own consent.</source>
        <translation>自{0}起需重新知情同意：此前由父母或监护人代签（版本{1}），受试者现已成年；请记录受试者本人的知情同意。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="728"/>
        <source>T-cell malignancy known on {0}: safety case {1}, {2} step(s) open.</source>
        <translation>{0} 获知T细胞恶性肿瘤：安全性个案 {1}，{2} 个步骤未完成。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="732"/>
        <source>New malignancy known on {0}: safety case {1}, {2} step(s) open.</source>
        <translation>{0} 获知新发恶性肿瘤：安全性个案 {1}，{2} 个步骤未完成。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="740"/>
        <source>Report to the {0} was due on {1} ({2} overdue): record it as sent.</source>
        <translation>向{0}的报告应于 {1} 提交（已逾期 {2}）：请记录为已发送。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="743"/>
        <source>Report to the {0} is due on {1}.</source>
        <translation>向{0}的报告应于 {1} 提交。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="747"/>
        <source>The IND annual report of {2} (period ending {0}) was due on {1}: it is not signed yet.</source>
        <translation>研究 {2} 的 IND 年度报告（报告期截至 {0}）应于 {1} 提交，现已逾期：尚未签署。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="750"/>
        <source>The IND annual report of {2} (period ending {0}) is due on {1}: it is not signed yet.</source>
        <translation>研究 {2} 的 IND 年度报告（报告期截至 {0}）应于 {1} 提交：尚未签署。</translation>
    </message>
    <message>
        <location filename="../labels.py" line="754"/>
        <source>B-cell recovery from {0} (CD19 {1} cells/µL): CAR-T cells may no longer persist.</source>
        <translation>自 {0} 起 B 细胞恢复（CD19 {1} 个/µL）：CAR-T 细胞可能已不再持续存在。</translation>
    </message>
</context>
<context>
    <name>WorklistPage</name>
    <message>
        <location filename="../worklist_page.py" line="54"/>
        <source>Today only</source>
        <translation>仅今天</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="54"/>
        <source>Next {0} days</source>
        <translation>未来 {0} 天</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="56"/>
        <source>How far ahead to look for visits whose window opens</source>
        <translation>查看多少天内开放窗口的访视</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="57"/>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="60"/>
        <source>All sites</source>
        <translation>所有中心</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="61"/>
        <source>Only this site&apos;s subjects</source>
        <translation>仅此中心的受试者</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="62"/>
        <source>S&amp;ite:</source>
        <translation>中心(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="65"/>
        <source>All studies</source>
        <translation>全部研究</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="66"/>
        <source>Only this study&apos;s subjects</source>
        <translation>仅此研究的受试者</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="67"/>
        <source>St&amp;udy:</source>
        <translation>研究(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="69"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="71"/>
        <source>Read the worklist again (F5)</source>
        <translation>重新读取工作清单（F5）</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="73"/>
        <source>Worklist counts</source>
        <translation>工作清单计数</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="79"/>
        <source>Worklist</source>
        <translation>工作清单</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="81"/>
        <source>Double-click or press Enter to open the subject&apos;s chart</source>
        <translation>双击或按 Enter 打开受试者病历</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="85"/>
        <source>&amp;Questionnaire answers…</source>
        <translation>问卷回答(&amp;Q)…</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="86"/>
        <source>Enter the answers of the selected phone or questionnaire visit&apos;s returned questionnaire</source>
        <translation>录入所选电话或问卷访视已寄回问卷的回答</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="89"/>
        <source>Enter questionnaire answers…</source>
        <translation>录入问卷回答…</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="94"/>
        <source>To-do codes</source>
        <translation>待办代码</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="113"/>
        <source>Nothing due, overdue or coming up in this period.</source>
        <translation>此期间没有到期、逾期或即将到来的访视。</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="148"/>
        <source>Worklist for {0}</source>
        <translation>{0} 的工作清单</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="211"/>
        <source>&lt;b&gt;Queries waiting for you: {0}&lt;/b&gt;, the oldest {1} shown (each chart&apos;s Queries tab has all of its own; double-click opens the chart)</source>
        <translation>&lt;b&gt;等待您处理的质疑：{0} 条&lt;/b&gt;，显示最早的 {1} 条（每份病历的“质疑”标签页列出其全部质疑；双击打开病历）</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="215"/>
        <source>&lt;b&gt;Queries waiting for you: {0}&lt;/b&gt; (double-click opens the chart)</source>
        <translation>&lt;b&gt;等待您处理的质疑：{0}&lt;/b&gt;（双击打开病历）</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="226"/>
        <source>{0} overdue · {1} due · {2} upcoming</source>
        <translation>{0} 项逾期 · {1} 项到期 · {2} 项即将到来</translation>
    </message>
    <message>
        <location filename="../worklist_page.py" line="230"/>
        <source>To do: {0}</source>
        <translation>待办：{0}</translation>
    </message>
</context>
<context>
    <name>_AccountForm</name>
    <message>
        <location filename="../accounts.py" line="126"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="127"/>
        <source>e.g. li.wei</source>
        <translation>例如 li.wei</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="128"/>
        <source>Full name</source>
        <translation>全名</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="129"/>
        <source>Printed with every signature</source>
        <translation>打印在每个签名上</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="130"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="131"/>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="132"/>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="133"/>
        <source>&amp;Full name:</source>
        <translation>全名(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="134"/>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="135"/>
        <source>&amp;Again:</source>
        <translation>再次输入(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="147"/>
        <source>The user name has 2 to 32 lower-case letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, and starts with a letter.</source>
        <translation>用户名由 2 至 32 个小写字母、数字、&apos;.&apos;、&apos;_&apos; 或 &apos;-&apos; 组成，并以字母开头。</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="152"/>
        <source>The password needs at least {0} characters.</source>
        <translation>密码至少需要 {0} 个字符。</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="154"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="159"/>
        <source>Enter a user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="161"/>
        <source>Enter the full name: it is printed with signatures.</source>
        <translation>请输入全名：签名时会打印全名。</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="163"/>
        <source>Enter a password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <location filename="../accounts.py" line="165"/>
        <source>Enter the password again.</source>
        <translation>请再次输入密码。</translation>
    </message>
</context>
<context>
    <name>_SampleForm</name>
    <message>
        <location filename="../sample_dialogs.py" line="36"/>
        <source>Freezer</source>
        <translation>冰箱</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="36"/>
        <source>&amp;Freezer:</source>
        <translation>冰箱(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="37"/>
        <source>Rack</source>
        <translation>架</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="37"/>
        <source>Ra&amp;ck:</source>
        <translation>架(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="38"/>
        <source>Box</source>
        <translation>盒</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="38"/>
        <source>&amp;Box:</source>
        <translation>盒(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="39"/>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="39"/>
        <source>&amp;Position:</source>
        <translation>位置(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="53"/>
        <source>Enter the storage place: freezer, rack, box and position.</source>
        <translation>请填写存储位置：冰箱、架、盒和位置。</translation>
    </message>
    <message>
        <location filename="../sample_dialogs.py" line="59"/>
        <source>The date {0} is in the future (today is {1}).</source>
        <translation>日期 {0} 在将来（今天是 {1}）。</translation>
    </message>
</context>
</TS>
